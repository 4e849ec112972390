// An imported ONNX chain as one more model description (the type the built-ins are), plus
// its weights in tfjs layouts: conv weights [out, in, kh, kw] → [kh, kw, in, out], the rows
// of a dense layer that reads an NCHW-flattened map permuted to tfjs's NHWC flatten order
// (the inverse of the ONNX export's), BatchNormalization's four vectors unchanged. A Relu,
// Tanh or Sigmoid straight after a conv or dense layer becomes that layer's activation;
// padding that is neither none nor TensorFlow's 'same' becomes a zero-padding layer.

import { OnnxImportError } from './onnxImportDecode';
import { samePads } from './onnxLayers';
import { INPUT_NORMS, type InputNorm } from './onnxNorm';
import type { ImportedGraph, ImportedLayer, Feat } from './onnxImportTypes';
import type { LayerDescription, ModelDescription, PruneRole } from '../../models/description';

export const IMPORTED_ID = 'imported';

/** [out, in, kh, kw] → [kh, kw, in, out]. */
export function convWeightsNhwc(w: Float32Array, out: number, cin: number, kh: number, kw: number): Float32Array {
  const r = new Float32Array(w.length);
  for (let o = 0; o < out; o++) {
    for (let c = 0; c < cin; c++) {
      for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) r[((y * kw + x) * cin + c) * out + o] = w[((o * cin + c) * kh + y) * kw + x];
    }
  }
  return r;
}

/** Dense rows in NCHW flatten order (c·H·W + p) → tfjs's NHWC order (p·C + c). */
export function nhwcRows(w: Float32Array, map: { c: number; h: number; w: number }, units: number): Float32Array {
  const { c: C, h: H, w: W } = map;
  const r = new Float32Array(w.length);
  for (let c = 0; c < C; c++) {
    for (let p = 0; p < H * W; p++) r.set(w.subarray((c * H * W + p) * units, (c * H * W + p + 1) * units), (p * C + c) * units);
  }
  return r;
}

type Padding = 'valid' | 'same' | readonly [number, number, number, number];

/** 'valid', 'same' (TensorFlow's pads) or the explicit ONNX pads [top, left, bottom, right]. */
function paddingOf(pads: readonly [number, number, number, number], f: Feat, k: readonly [number, number], s: readonly [number, number]): Padding {
  if (pads.every((p) => p === 0)) return 'valid';
  if (f.kind !== 'map') return pads;
  const [ph, pw] = [samePads(f.h, k[0], s[0], 1), samePads(f.w, k[1], s[1], 1)];
  return pads[0] === ph[0] && pads[2] === ph[1] && pads[1] === pw[0] && pads[3] === pw[1] ? 'same' : pads;
}

function square(l: ImportedLayer & { kernel: readonly [number, number]; strides: readonly [number, number] }, what: 'pool' | 'stride'): number {
  const [a, b] = what === 'pool' ? l.kernel : l.strides;
  if (a !== b) throw new OnnxImportError(`${l.onnxNode}: ${what === 'pool' ? 'window' : 'strides'} ${a} × ${b} is not square, which is not supported.`);
  return a;
}

/**
 * Channels (filters, neurons) of a weighted layer can be removed whole when only
 * element-wise ops and pooling follow it up to the next weighted layer (a BatchNormalization
 * would need its channels removed too) and it is not the output layer.
 */
function channelsRemovable(layers: readonly ImportedLayer[], i: number): Pick<PruneRole, 'channels' | 'channelsWhyNot'> {
  for (let j = i + 1; j < layers.length; j++) {
    const k = layers[j].kind;
    if (k === 'conv' || k === 'dense') return { channels: true };
    if (k === 'batchnorm') return { channels: false, channelsWhyNot: `a BatchNormalization (${layers[j].name}) follows it, whose channels would have to go too` };
  }
  return { channels: false };
}

const FUSABLE = new Set(['relu', 'tanh', 'sigmoid']);

/** The description's layers and the tfjs weights they hold, by weight name. */
function describeLayers(graph: ImportedGraph): { layers: LayerDescription[]; weights: Map<string, Float32Array> } {
  const out: LayerDescription[] = [];
  const weights = new Map<string, Float32Array>();
  if (graph.inputLayout === 'flat') out.push({ kind: 'flatten', name: 'input_flatten' });
  let f: Feat = { kind: 'map', c: 1, h: 28, w: 28 };
  let slot = 0;
  const { layers, shapes } = graph;
  for (let i = 0; i < layers.length; i++) {
    const l = layers[i];
    const next = layers[i + 1];
    const act = (l.kind === 'conv' || l.kind === 'dense') && next?.kind === 'activation' && FUSABLE.has(next.fn) ? (next.fn as 'relu' | 'tanh' | 'sigmoid') : 'linear';
    const prune: PruneRole = { byDefault: true, ...channelsRemovable(layers, i), rows: false };
    if (l.kind === 'conv') {
      const padding = paddingOf(l.pads, f, l.kernel, l.strides);
      if (typeof padding !== 'string') out.push({ kind: 'zeroPad2d', name: `${l.name}_pad`, pads: [padding[0], padding[2], padding[1], padding[3]] });
      const [kh, kw] = l.kernel;
      out.push({ kind: 'conv2d', name: l.name, filters: l.filters, kernelSize: kh, ...(kh !== kw ? { kernelShape: [kh, kw] as const } : {}), strides: square(l, 'stride'), padding: padding === 'same' ? 'same' : 'valid', useBias: l.bias !== null, activation: act, init: { scheme: 'torch', seedSlot: slot++ }, prune });
      weights.set(`${l.name}/kernel`, convWeightsNhwc(l.weight, l.filters, l.inChannels, kh, kw));
      if (l.bias) weights.set(`${l.name}/bias`, l.bias);
    } else if (l.kind === 'dense') {
      out.push({ kind: 'dense', name: l.name, units: l.units, useBias: l.bias !== null, activation: act, init: { scheme: 'torch', seedSlot: slot++ }, prune });
      weights.set(`${l.name}/kernel`, l.fromMap ? nhwcRows(l.weight, l.fromMap, l.units) : l.weight);
      if (l.bias) weights.set(`${l.name}/bias`, l.bias);
    } else if (l.kind === 'maxpool' || l.kind === 'avgpool') {
      const padding = paddingOf(l.pads, f, l.kernel, l.strides);
      if (typeof padding !== 'string') throw new OnnxImportError(`${l.onnxNode}: pooling pads [${l.pads.join(', ')}] are neither none nor TensorFlow's 'same': not supported.`);
      out.push({ kind: l.kind === 'maxpool' ? 'maxPool2d' : 'avgPool2d', name: l.name, poolSize: square(l, 'pool'), strides: square(l, 'stride'), padding });
    } else if (l.kind === 'batchnorm') {
      out.push({ kind: 'batchNorm', name: l.name, epsilon: l.epsilon, momentum: 0.9 });
      [l.gamma, l.beta, l.mean, l.variance].forEach((v, k) => weights.set(`${l.name}/${['gamma', 'beta', 'moving_mean', 'moving_variance'][k]}`, v));
    } else if (l.kind === 'activation') {
      out.push({ kind: 'activation', name: l.name, activation: l.fn === 'leakyrelu' ? 'leakyRelu' : l.fn, ...(l.fn === 'leakyrelu' ? { alpha: l.alpha } : {}) });
    } else if (l.kind === 'globalavgpool') out.push({ kind: 'globalAvgPool2d', name: l.name });
    else if (f.kind === 'map') out.push({ kind: 'flatten', name: l.name });
    f = shapes[i];
    if (act !== 'linear') f = shapes[++i];
  }
  return { layers: out, weights };
}

/** The description of an imported graph read with normalisation `norm`, and its tfjs weights by name. */
export function importedDescription(graph: ImportedGraph, norm: InputNorm, fileName: string): { description: ModelDescription<typeof IMPORTED_ID>; weights: Map<string, Float32Array> } {
  const { layers, weights } = describeLayers(graph);
  const { mean, std } = INPUT_NORMS[norm];
  const name = fileName.replace(/\.onnx$/i, '') || 'model';
  const description: ModelDescription<typeof IMPORTED_ID> = {
    id: IMPORTED_ID,
    label: `${name} · MNIST (imported)`,
    name,
    family: `Imported ONNX (opset ${graph.opset}${graph.producer ? `, ${graph.producer}` : ''})`,
    dataset: 'mnist',
    input: { kind: 'image', shape: [28, 28, 1], mean, std },
    output: { kind: 'softmax', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
    layers,
    defaults: { epochs: 3, batchSize: 64, optimizer: 'sgd-momentum', learningRate: 0.01, momentum: 0.5 },
    optimizerLabel: 'SGD lr 0.01, momentum 0.5',
    itemLabel: 'images',
    maxTrain: 60000,
    maxTest: 10000,
  };
  return { description, weights };
}
