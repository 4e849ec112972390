// Compaction after channel pruning: builds a genuinely smaller dense model without the
// removed channels (fewer conv filters, fewer dense neurons, fewer inputs in the layer after
// each) and copies the surviving weights into it. The masked model zeroes a removed
// channel's kernel and bias, so the channel outputs act(0) = 0 and every weight reading it
// multiplies zeros: the compacted model computes the same function (up to float summation
// order) with less memory and less arithmetic.
//
// Supported: Sequential chains of Conv2D (channelsLast), MaxPooling2D, Flatten and Dense,
// i.e. LeNet-5 and the IMDB classifier (its "embedding" is a bias-free Dense layer whose
// channels are embedding dimensions). Input rows of a layer map to channels of the previous
// kept channel mask by index % channels, which covers conv ([kh, kw, in, out]), dense after
// dense, and dense after an NHWC flatten ((h·W + w)·C + c, channel fastest).

import * as tf from '@tensorflow/tfjs';
import { type WeightSnapshot, kernelName, kernelShape, biasName, weightValues } from '../weights';
import type { ModelFootprint } from '../results/compact';

/** Activations with act(0) = 0: a removed channel then outputs exactly 0. */
const ZERO_PRESERVING = new Set(['relu', 'linear', 'relu6', 'tanh', 'elu', 'selu']);

export interface CompactInput {
  /** The full-size model (its architecture; weights come from `weights`). */
  readonly model: tf.LayersModel;
  /** Full-size weights to copy from, normally anchor ⊙ mask (removed channels already zero). */
  readonly weights: WeightSnapshot;
  /** Output-channel masks (1 keep) keyed by layer name; layers not listed keep every channel. */
  readonly channelMasks: ReadonlyMap<string, Uint8Array>;
}

interface LayerConfig {
  readonly [key: string]: unknown;
}

function numbers(v: unknown, what: string): number[] {
  if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v;
  if (typeof v === 'number') return [v, v];
  throw new Error(`compact: unexpected ${what} ${JSON.stringify(v)}`);
}

function activationOf(config: LayerConfig): string {
  const a = config.activation;
  return typeof a === 'string' ? a : 'linear';
}

/** Kernel entries kept: output channel kept and input channel (row index % channels) kept. */
function sliceKernel(kernel: Float32Array, out: number, keepOut: Uint8Array | null, keepIn: Uint8Array | null): Float32Array {
  const kept: number[] = [];
  for (let i = 0; i < kernel.length; i++) {
    const o = i % out;
    const q = Math.floor(i / out);
    if ((keepOut === null || keepOut[o] === 1) && (keepIn === null || keepIn[q % keepIn.length] === 1)) kept.push(kernel[i]);
  }
  return Float32Array.from(kept);
}

function keptCount(mask: Uint8Array | null, total: number): number {
  if (!mask) return total;
  let n = 0;
  for (const m of mask) n += m;
  return n;
}

/** A smaller copy of `input.model` without the removed channels; dispose it when done. */
export function compactModel(input: CompactInput): tf.Sequential {
  const { model, weights, channelMasks } = input;
  const compact = tf.sequential({ name: `${model.name}_compact` });
  const inputShape = model.inputs[0].shape.slice(1).map(Number);
  const pending: { layer: tf.layers.Layer; values: { data: Float32Array; shape: number[] }[] }[] = [];
  let keepIn: Uint8Array | null = null; // channel mask of the tensor flowing into the current layer
  model.layers.forEach((layer, index) => {
    const config = layer.getConfig() as LayerConfig;
    const first = index === 0 ? { inputShape } : {};
    const name = layer.name;
    const cls = layer.getClassName();
    const padding = config.padding === 'same' ? 'same' : 'valid';
    if (cls === 'MaxPooling2D') {
      const poolSize = numbers(config.poolSize, 'poolSize') as [number, number];
      compact.add(tf.layers.maxPooling2d({ ...first, name, poolSize, strides: numbers(config.strides, 'strides') as [number, number], padding }));
      return;
    }
    if (cls === 'Flatten') {
      compact.add(tf.layers.flatten({ ...first, name }));
      return;
    }
    if (cls !== 'Conv2D' && cls !== 'Dense') throw new Error(`compact: unsupported layer ${name} (${cls})`);
    const kernelDims = kernelShape(weights, name);
    const out = kernelDims[kernelDims.length - 1];
    const keepOut = channelMasks.get(name) ?? null;
    if (keepOut && keepOut.length !== out) throw new Error(`compact: ${name} has ${out} channels, mask has ${keepOut.length}`);
    const activation = activationOf(config);
    if (keepOut && keptCount(keepOut, out) < out && !ZERO_PRESERVING.has(activation)) {
      throw new Error(`compact: ${name} uses ${activation}, which does not map 0 to 0`);
    }
    const units = keptCount(keepOut, out);
    if (units === 0) throw new Error(`compact: ${name} would have no channels left`);
    const useBias = config.useBias !== false;
    const common = { ...first, name, activation: activation as 'relu', useBias, kernelInitializer: 'zeros', biasInitializer: 'zeros' } as const;
    if (cls === 'Conv2D' && config.dataFormat !== 'channelsLast') throw new Error(`compact: ${name} is not channelsLast`);
    const built =
      cls === 'Conv2D'
        ? tf.layers.conv2d({
            ...common,
            filters: units,
            kernelSize: numbers(config.kernelSize, 'kernelSize'),
            strides: numbers(config.strides, 'strides'),
            padding,
            dilationRate: numbers(config.dilationRate, 'dilationRate') as [number, number],
          })
        : tf.layers.dense({ ...common, units });
    compact.add(built);
    const inRows = kernelDims.slice(0, -1).reduce((a, b) => a * b, 1);
    if (keepIn && inRows % keepIn.length !== 0) throw new Error(`compact: ${name} has ${inRows} input rows for ${keepIn.length} channels`);
    const kernel = sliceKernel(weightValues(weights, kernelName(name)), out, keepOut, keepIn);
    const rowsKept = keepIn ? (inRows / keepIn.length) * keptCount(keepIn, keepIn.length) : inRows;
    const shape = cls === 'Conv2D' ? [kernelDims[0], kernelDims[1], rowsKept / (kernelDims[0] * kernelDims[1]), units] : [rowsKept, units];
    const values = [{ data: kernel, shape }];
    if (useBias) values.push({ data: sliceKernel(weightValues(weights, biasName(name)), out, keepOut, null), shape: [units] });
    pending.push({ layer: built, values });
    keepIn = keepOut;
  });
  for (const { layer, values } of pending) {
    const tensors = values.map((v) => tf.tensor(v.data, v.shape));
    layer.setWeights(tensors);
    tf.dispose(tensors);
  }
  return compact;
}

export function modelFootprint(model: tf.LayersModel): ModelFootprint {
  const params = model.countParams();
  const kernelShapes: Record<string, readonly number[]> = {};
  for (const w of model.weights) if (w.originalName.endsWith('/kernel')) kernelShapes[w.originalName.slice(0, -7)] = w.shape.map(Number);
  return { params, bytes: params * 4, kernelShapes };
}
