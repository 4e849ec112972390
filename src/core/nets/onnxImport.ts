// ONNX import, the entry point: model.onnx bytes → the layer chain it describes (checked,
// shapes resolved), the model description it is (one more instance of the type the built-in
// models are), and the tfjs model built from that description by the generic builder, holding
// the file's weights. Anything PruneLab cannot run exactly is refused with an OnnxImportError
// before a tensor is made (the chain is read and described first, the model built last).

import * as tf from '@tensorflow/tfjs';
import { importedDescription, type IMPORTED_ID } from '../io/onnx/onnxDescription';
import { readOnnxGraph } from '../io/onnx/onnxImportGraph';
import { DEFAULT_NORM, type InputNorm } from '../io/onnx/onnxNorm';
import { buildModel } from './buildModel';
import { modelInfo, type ModelInfo } from '../models/description';
import type { WeightSnapshot } from '../weights';
import type { ImportedGraph } from '../io/onnx/onnxImportTypes';

export { OnnxImportError } from '../io/onnx/onnxImportDecode';
export type { ImportedGraph } from '../io/onnx/onnxImportTypes';

export interface OnnxImport {
  readonly graph: ImportedGraph;
  /** The description with its derived lists (prunable layers: the conv and dense layers). */
  readonly info: ModelInfo<typeof IMPORTED_ID>;
  /** The file's weights in the model's weight order (tfjs layouts). */
  readonly weights: WeightSnapshot;
  readonly model: tf.Sequential;
  readonly prunableLayers: readonly string[];
}

/** Reads and builds an ONNX MNIST model; the caller owns (disposes) the model. */
export function importOnnx(bytes: Uint8Array, norm: InputNorm = DEFAULT_NORM, fileName = 'model.onnx'): OnnxImport {
  const graph = readOnnxGraph(bytes);
  const { description, weights: byName } = importedDescription(graph, norm, fileName);
  const info = modelInfo(description);
  const model = buildModel(description, 1);
  const vars = model.weights;
  const shapes = vars.map((v) => v.shape as number[]);
  const values = vars.map((v, i) => {
    const w = byName.get(v.originalName);
    if (!w || w.length !== shapes[i].reduce((a, b) => a * b, 1)) throw new Error(`ONNX import: no weights of shape [${shapes[i].join(', ')}] for ${v.originalName}`);
    return w;
  });
  const weights: WeightSnapshot = { names: vars.map((v) => v.originalName), shapes, values };
  tf.tidy(() => vars.forEach((v, i) => v.write(tf.tensor(values[i], shapes[i]))));
  return { graph, info, weights, model, prunableLayers: info.prunableLayers };
}
