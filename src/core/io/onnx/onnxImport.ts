// ONNX import, the entry point: model.onnx bytes → the layer chain it describes (checked,
// shapes resolved) and the tfjs model that computes it, whose prunable layers are its conv
// and dense layers. Anything PruneLab cannot run exactly is refused with an OnnxImportError
// before a tensor is made (the chain is read first, the model built last).

import type * as tf from '@tensorflow/tfjs';
import { readOnnxGraph } from './onnxImportGraph';
import { buildImportedModel } from './onnxImportModel';
import type { ImportedGraph } from './onnxImportTypes';
import { describeFeat } from './onnxImportTypes';

export { OnnxImportError } from './onnxImportDecode';
export type { ImportedGraph } from './onnxImportTypes';

export interface OnnxImport {
  readonly graph: ImportedGraph;
  readonly model: tf.Sequential;
  /** Conv and dense layers, in order: what pruning acts on. */
  readonly prunableLayers: readonly string[];
}

/** Reads and builds an ONNX MNIST model; the caller owns (disposes) the model. */
export function importOnnx(bytes: Uint8Array): OnnxImport {
  const graph = readOnnxGraph(bytes);
  const model = buildImportedModel(graph);
  return { graph, model, prunableLayers: graph.layers.flatMap((l) => (l.kind === 'conv' || l.kind === 'dense' ? [l.name] : [])) };
}

/** One line per layer: name, kind, output shape and parameter count (for a model card). */
export function describeLayers(graph: ImportedGraph): { name: string; kind: string; shape: string; params: number }[] {
  return graph.layers.map((l, i) => {
    const shape = describeFeat(graph.shapes[i]);
    switch (l.kind) {
      case 'conv':
        return { name: l.name, kind: `Conv ${l.filters}@${l.kernel[0]}×${l.kernel[1]}${l.strides[0] > 1 ? ` /${l.strides[0]}` : ''}`, shape, params: l.weight.length + (l.bias?.length ?? 0) };
      case 'dense':
        return { name: l.name, kind: `Dense ${l.inputs}→${l.units}`, shape, params: l.weight.length + (l.bias?.length ?? 0) };
      case 'batchnorm':
        return { name: l.name, kind: 'BatchNorm', shape, params: l.gamma.length * 4 };
      case 'maxpool':
      case 'avgpool':
        return { name: l.name, kind: `${l.kind === 'maxpool' ? 'MaxPool' : 'AvgPool'} ${l.kernel[0]}×${l.kernel[1]}`, shape, params: 0 };
      case 'activation':
        return { name: l.name, kind: l.fn === 'leakyrelu' ? `LeakyReLU ${l.alpha}` : l.fn, shape, params: 0 };
      case 'globalavgpool':
        return { name: l.name, kind: 'GlobalAvgPool', shape, params: 0 };
      default:
        return { name: l.name, kind: 'Flatten', shape, params: 0 };
    }
  });
}
