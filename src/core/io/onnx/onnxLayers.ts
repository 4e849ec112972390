// Translates the layers of a PruneLab Sequential model (tfjs layers JSON + its weights) into
// ONNX nodes: Conv2D → Conv (+ Relu), MaxPooling2D → MaxPool, Flatten → Flatten, Dense →
// Gemm (+ Relu). Weights are only moved, never recomputed, so every pruned zero stays an
// exact zero in the initializers, and a compacted model (fewer channels) translates alike.
//
// Layouts: tfjs is NHWC with conv kernels [kh, kw, in, out]; ONNX (and PyTorch) are NCHW
// with conv weights [out, in, kh, kw], so conv kernels are transposed. tfjs flattens
// [H, W, C] as (h·W + w)·C + c while ONNX flattens [C, H, W] as c·H·W + h·W + w, so the rows
// of the dense kernel after a Flatten are permuted to read the same features. Padding
// 'same' becomes TensorFlow's explicit pads (the extra one at the end).

import { type AttributeValue, floatTensor, node, type NodeProto, type TensorProto } from './onnxProto';
import { isObject, type Json } from '../validateModel';
import { biasName, kernelName, type WeightSnapshot } from '../../weights';

/** Nodes and initializers of a graph under construction, with unique value names. */
export class GraphBuilder {
  readonly nodes: NodeProto[] = [];
  readonly initializers: TensorProto[] = [];

  constructor(readonly weights: WeightSnapshot) {}

  /** Adds a node whose single output is named `output`; returns that name. */
  op(opType: string, inputs: readonly string[], output: string, attrs: Record<string, AttributeValue> = {}): string {
    this.nodes.push(node(opType, inputs, [output], output, attrs));
    return output;
  }

  init(name: string, dims: readonly number[], values: Float32Array): string {
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }

  /** A weight of the snapshot with its shape (throws when it is missing). */
  weight(name: string): { readonly values: Float32Array; readonly shape: readonly number[] } {
    const i = this.weights.names.indexOf(name);
    if (i < 0) throw new Error(`ONNX export: no weight ${name}`);
    return { values: this.weights.values[i], shape: this.weights.shapes[i] };
  }
}

/** The activation a layer config names, as an ONNX node after `x` (none for linear). */
export function activation(b: GraphBuilder, x: string, config: Json, name: string): string {
  const act = typeof config.activation === 'string' ? config.activation : 'linear';
  if (act === 'linear') return x;
  if (act === 'relu') return b.op('Relu', [x], `${name}/relu`);
  if (act === 'tanh') return b.op('Tanh', [x], `${name}/tanh`);
  if (act === 'sigmoid') return b.op('Sigmoid', [x], `${name}/sigmoid`);
  throw new Error(`ONNX export: activation ${act} of ${name} is not supported`);
}

export function pair(v: unknown, what: string, fallback?: [number, number]): [number, number] {
  if (typeof v === 'number') return [v, v];
  if (Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number')) return [v[0], v[1]];
  if ((v === null || v === undefined) && fallback) return fallback;
  throw new Error(`ONNX export: unexpected ${what} ${JSON.stringify(v)}`);
}

/** TensorFlow's 'same' padding along one axis: [begin, end], the odd one at the end. */
export function samePads(size: number, kernel: number, stride: number, dilation: number): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  const total = Math.max((Math.ceil(size / stride) - 1) * stride + effective - size, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** NCHW feature map flowing between image layers, or a flat feature vector. */
export type Features = { readonly kind: 'map'; readonly c: number; readonly h: number; readonly w: number } | { readonly kind: 'flat'; readonly size: number; readonly from: { c: number; h: number; w: number } | null };

export interface Window {
  readonly pads: [number, number, number, number];
  readonly out: [number, number];
}

/** Pads and output size of a conv or pool window over an h × w map. */
export function windowOf(config: Json, map: { h: number; w: number }, k: [number, number], s: [number, number], d: [number, number]): Window {
  const same = config.padding === 'same';
  if (!same && config.padding !== 'valid') throw new Error(`ONNX export: padding ${JSON.stringify(config.padding)} is not supported`);
  const [ph, pw] = same ? [samePads(map.h, k[0], s[0], d[0]), samePads(map.w, k[1], s[1], d[1])] : [[0, 0], [0, 0]];
  const size = (n: number, p: number[], kk: number, ss: number, dd: number) => Math.floor((n + p[0] + p[1] - ((kk - 1) * dd + 1)) / ss) + 1;
  return { pads: [ph[0], pw[0], ph[1], pw[1]], out: [size(map.h, ph, k[0], s[0], d[0]), size(map.w, pw, k[1], s[1], d[1])] };
}

export function checkChannelsLast(config: Json, name: string): void {
  if (config.data_format !== undefined && config.data_format !== 'channels_last') {
    throw new Error(`ONNX export: ${name} is not channels_last`);
  }
}

/** [kh, kw, in, out] → [out, in, kh, kw]. */
export function convWeightsNchw(kernel: Float32Array, shape: readonly number[]): Float32Array {
  const [kh, kw, cin, cout] = shape;
  const out = new Float32Array(kernel.length);
  for (let o = 0; o < cout; o++) {
    for (let c = 0; c < cin; c++) {
      for (let y = 0; y < kh; y++) {
        for (let x = 0; x < kw; x++) out[((o * cin + c) * kh + y) * kw + x] = kernel[((y * kw + x) * cin + c) * cout + o];
      }
    }
  }
  return out;
}

/** A dense kernel [C·H·W, out] in tfjs's NHWC flatten order with its rows in ONNX's NCHW order. */
export function nchwRows(kernel: Float32Array, map: { c: number; h: number; w: number }, out: number): Float32Array {
  const { c: C, h: H, w: W } = map;
  const result = new Float32Array(kernel.length);
  for (let c = 0; c < C; c++) {
    for (let p = 0; p < H * W; p++) result.set(kernel.subarray((p * C + c) * out, (p * C + c + 1) * out), (c * H * W + p) * out);
  }
  return result;
}

function conv2d(b: GraphBuilder, x: string, config: Json, name: string, map: Features & { kind: 'map' }): { out: string; features: Features } {
  checkChannelsLast(config, name);
  const { values, shape } = b.weight(kernelName(name));
  if (shape.length !== 4 || shape[2] !== map.c) throw new Error(`ONNX export: ${name} kernel [${shape.join(', ')}] does not read ${map.c} channels`);
  const k = pair(config.kernel_size, 'kernel_size');
  const s = pair(config.strides, 'strides', [1, 1]);
  const d = pair(config.dilation_rate, 'dilation_rate', [1, 1]);
  const win = windowOf(config, map, k, s, d);
  const inputs = [x, b.init(`${name}.weight`, [shape[3], shape[2], shape[0], shape[1]], convWeightsNchw(values, shape))];
  if (config.use_bias !== false) inputs.push(b.init(`${name}.bias`, [shape[3]], b.weight(biasName(name)).values));
  const y = b.op('Conv', inputs, `${name}/conv`, { kernel_shape: k, strides: s, dilations: d, pads: win.pads });
  return { out: activation(b, y, config, name), features: { kind: 'map', c: shape[3], h: win.out[0], w: win.out[1] } };
}

function maxPool(b: GraphBuilder, x: string, config: Json, name: string, map: Features & { kind: 'map' }): { out: string; features: Features } {
  checkChannelsLast(config, name);
  const k = pair(config.pool_size, 'pool_size');
  const s = pair(config.strides, 'strides', k);
  const win = windowOf(config, map, k, s, [1, 1]);
  const y = b.op('MaxPool', [x], `${name}/maxpool`, { kernel_shape: k, strides: s, pads: win.pads });
  return { out: y, features: { kind: 'map', c: map.c, h: win.out[0], w: win.out[1] } };
}

/** Dense as Gemm on a [N, in] input; after a Flatten its rows are permuted to NCHW order. */
export function dense(b: GraphBuilder, x: string, config: Json, name: string, features: Features): { out: string; features: Features } {
  const { values, shape } = b.weight(kernelName(name));
  const size = features.kind === 'flat' ? features.size : features.c * features.h * features.w;
  if (shape.length !== 2 || shape[0] !== size) throw new Error(`ONNX export: ${name} kernel [${shape.join(', ')}] does not read ${size} features`);
  const from = features.kind === 'flat' ? features.from : null;
  const kernel = from && from.h * from.w > 1 ? nchwRows(values, from, shape[1]) : values;
  const inputs = [x, b.init(`${name}.weight`, shape, kernel)];
  if (config.use_bias !== false) inputs.push(b.init(`${name}.bias`, [shape[1]], b.weight(biasName(name)).values));
  const y = b.op('Gemm', inputs, `${name}/gemm`);
  return { out: activation(b, y, config, name), features: { kind: 'flat', size: shape[1], from: null } };
}

/** Emits a layer emitLayers has no case for (null: not supported either). */
export type ExtraLayerEmitter = (b: GraphBuilder, x: string, layer: Json, name: string, features: Features) => { out: string; features: Features } | null;

/** Emits `layers` in order from input `x` with `features`; returns the last output's name. */
export function emitLayers(b: GraphBuilder, x: string, layers: readonly Json[], features: Features, extra?: ExtraLayerEmitter): { out: string; features: Features } {
  let cur = { out: x, features };
  for (const layer of layers) {
    const config = isObject(layer.config) ? layer.config : {};
    const name = typeof config.name === 'string' ? config.name : '?';
    const f = cur.features;
    switch (layer.class_name) {
      case 'Conv2D':
        if (f.kind !== 'map') throw new Error(`ONNX export: ${name} needs an image input`);
        cur = conv2d(b, cur.out, config, name, f);
        break;
      case 'MaxPooling2D':
        if (f.kind !== 'map') throw new Error(`ONNX export: ${name} needs an image input`);
        cur = maxPool(b, cur.out, config, name, f);
        break;
      case 'Flatten':
        if (f.kind !== 'map') break; // already flat
        cur = { out: b.op('Flatten', [cur.out], `${name}/flatten`, { axis: 1 }), features: { kind: 'flat', size: f.c * f.h * f.w, from: f } };
        break;
      case 'Dense':
        cur = dense(b, cur.out, config, name, f);
        break;
      default: {
        const more = extra?.(b, cur.out, layer, name, f);
        if (!more) throw new Error(`ONNX export: layer ${name} (${String(layer.class_name)}) is not supported`);
        cur = more;
      }
    }
  }
  return cur;
}
