// Builds the tfjs layers model (NHWC, input [28, 28, 1] as the app's MNIST batches) of an
// imported ONNX layer chain. Its prunable weights are the conv and dense kernels:
// conv weights [out, in, kh, kw] are transposed to tfjs's [kh, kw, in, out], and a dense
// layer that reads an NCHW-flattened map gets its rows permuted to tfjs's NHWC flatten order
// (the inverse of what the ONNX export does). A Relu, Tanh or Sigmoid straight after a conv or
// dense layer becomes that layer's activation; BatchNormalization stays a layer of its own.

import * as tf from '@tensorflow/tfjs';
import { OnnxImportError } from './onnxImportDecode';
import { samePads } from './onnxLayers';
import type { ConvLayer, DenseLayer, Feat, ImportedGraph, ImportedLayer } from './onnxImportTypes';

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

/** 'valid', 'same' (TensorFlow's pads) or explicit pads for a window over `f`. */
function paddingOf(pads: readonly [number, number, number, number], f: Feat & { kind: 'map' }, k: readonly [number, number], s: readonly [number, number]): Padding {
  if (pads.every((p) => p === 0)) return 'valid';
  const [ph, pw] = [samePads(f.h, k[0], s[0], 1), samePads(f.w, k[1], s[1], 1)];
  if (pads[0] === ph[0] && pads[2] === ph[1] && pads[1] === pw[0] && pads[3] === pw[1]) return 'same';
  return pads;
}

const FUSABLE = new Set(['relu', 'tanh', 'sigmoid']);

/** The first layer gets the input shape (tfjs keeps it as the model's batch_input_shape). */
type Make = (input: { inputShape?: [number, number, number] }) => tf.layers.Layer;

interface Built {
  readonly layers: Make[];
  readonly weights: { layer: string; values: tf.Tensor[] }[];
}

function mapOf(f: Feat): Feat & { kind: 'map' } {
  if (f.kind !== 'map') throw new OnnxImportError('internal: a window layer on a flat input');
  return f;
}

function convLayers(l: ConvLayer, f: Feat, act: string | undefined, b: Built): void {
  const padding = paddingOf(l.pads, mapOf(f), l.kernel, l.strides);
  if (typeof padding !== 'string') {
    b.layers.push((input) => tf.layers.zeroPadding2d({ ...input, name: `${l.name}_pad`, padding: [[padding[0], padding[2]], [padding[1], padding[3]]] }));
  }
  b.layers.push((input) => tf.layers.conv2d({ ...input, name: l.name, filters: l.filters, kernelSize: [...l.kernel], strides: [...l.strides], padding: typeof padding === 'string' ? padding : 'valid', useBias: l.bias !== null, activation: act as 'relu' | undefined }));
  const kernel = tf.tensor4d(convWeightsNhwc(l.weight, l.filters, l.inChannels, l.kernel[0], l.kernel[1]), [l.kernel[0], l.kernel[1], l.inChannels, l.filters]);
  b.weights.push({ layer: l.name, values: l.bias ? [kernel, tf.tensor1d(l.bias)] : [kernel] });
}

function denseLayer(l: DenseLayer, act: string | undefined, b: Built): void {
  b.layers.push((input) => tf.layers.dense({ ...input, name: l.name, units: l.units, useBias: l.bias !== null, activation: act as 'relu' | undefined }));
  const rows = l.fromMap ? nhwcRows(l.weight, l.fromMap, l.units) : l.weight;
  const kernel = tf.tensor2d(rows, [l.inputs, l.units]);
  b.weights.push({ layer: l.name, values: l.bias ? [kernel, tf.tensor1d(l.bias)] : [kernel] });
}

function otherLayer(l: ImportedLayer, f: Feat, tfFlat: boolean, b: Built): void {
  switch (l.kind) {
    case 'maxpool':
    case 'avgpool': {
      const padding = paddingOf(l.pads, mapOf(f), l.kernel, l.strides);
      if (typeof padding !== 'string') throw new OnnxImportError(`${l.onnxNode}: pooling pads [${l.pads.join(', ')}] are neither none nor TensorFlow's 'same': not supported.`);
      const config = { name: l.name, poolSize: [...l.kernel] as [number, number], strides: [...l.strides] as [number, number], padding };
      b.layers.push((input) => (l.kind === 'maxpool' ? tf.layers.maxPooling2d({ ...input, ...config }) : tf.layers.averagePooling2d({ ...input, ...config })));
      return;
    }
    case 'globalavgpool':
      b.layers.push((input) => tf.layers.globalAveragePooling2d({ ...input, name: l.name }));
      return;
    case 'flatten':
      if (!tfFlat) b.layers.push((input) => tf.layers.flatten({ ...input, name: l.name }));
      return;
    case 'batchnorm':
      b.layers.push((input) => tf.layers.batchNormalization({ ...input, name: l.name, axis: -1, epsilon: l.epsilon, momentum: 0.9 }));
      b.weights.push({ layer: l.name, values: [l.gamma, l.beta, l.mean, l.variance].map((v) => tf.tensor1d(v)) });
      return;
    case 'activation':
      b.layers.push((input) => (l.fn === 'leakyrelu' ? tf.layers.leakyReLU({ ...input, name: l.name, alpha: l.alpha }) : tf.layers.activation({ ...input, name: l.name, activation: l.fn })));
      return;
    default:
      throw new OnnxImportError(`internal: layer kind ${l.kind}`);
  }
}

/** The tfjs model of `graph` with its weights; refuses (OnnxImportError) a layer tfjs cannot express. */
export function buildImportedModel(graph: ImportedGraph): tf.Sequential {
  const b: Built = { layers: [], weights: [] };
  let f: Feat = graph.inputLayout === 'flat' ? { kind: 'flat', size: 784, from: { c: 1, h: 28, w: 28 } } : { kind: 'map', c: 1, h: 28, w: 28 };
  let tfFlat = false;
  if (graph.inputLayout === 'flat') {
    b.layers.push((input) => tf.layers.flatten({ ...input, name: 'input_flatten' }));
    tfFlat = true;
  }
  const { layers, shapes } = graph;
  try {
    for (let i = 0; i < layers.length; i++) {
      const l = layers[i];
      const next = layers[i + 1];
      const fuse = (l.kind === 'conv' || l.kind === 'dense') && next?.kind === 'activation' && FUSABLE.has(next.fn) ? next.fn : undefined;
      if (l.kind === 'conv') convLayers(l, f, fuse, b);
      else if (l.kind === 'dense') denseLayer(l, fuse, b);
      else otherLayer(l, f, tfFlat, b);
      if (l.kind === 'flatten' || l.kind === 'globalavgpool') tfFlat = true;
      f = shapes[i];
      if (fuse) f = shapes[++i];
    }
    const model = tf.sequential({ name: 'imported' });
    b.layers.forEach((make, i) => model.add(make(i === 0 ? { inputShape: [28, 28, 1] } : {})));
    for (const { layer, values } of b.weights) model.getLayer(layer).setWeights(values);
    return model;
  } finally {
    tf.dispose(b.weights.flatMap((w) => w.values));
  }
}
