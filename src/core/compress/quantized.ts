// A model after trained quantization, as plain arrays: each quantized kernel is a codebook
// of shared values, one code per kept weight (in position order) and the keep mask; every
// other weight (biases, unquantized kernels) stays float32. `dequantize` is the one rule
// that turns this into weights (kept weight = its centroid, pruned weight = +0), used by
// the pipeline, the encoder's checks and the decoder alike, so they agree bit for bit.

import type { WeightSnapshot } from '../weights';

export interface QuantizedKernel {
  readonly kind: 'quantized';
  readonly name: string;
  readonly shape: readonly number[];
  /** Codebook bits: at most 2^bits centroids. */
  readonly bits: number;
  readonly centroids: Float32Array;
  /** 1 keep / 0 pruned, one per kernel weight. */
  readonly mask: Uint8Array;
  /** One centroid index per kept weight, in increasing position order. */
  readonly codes: Uint16Array;
}

export interface RawWeight {
  readonly kind: 'raw';
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

export type CompressedWeight = QuantizedKernel | RawWeight;

export interface QuantizedModel {
  readonly modelId: string;
  /** In the model's weight order. */
  readonly weights: readonly CompressedWeight[];
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** The kernel's values: centroid of each kept weight, +0 elsewhere. */
export function dequantizeKernel(q: QuantizedKernel): Float32Array {
  const out = new Float32Array(q.mask.length);
  let k = 0;
  for (let i = 0; i < q.mask.length; i++) if (q.mask[i]) out[i] = q.centroids[q.codes[k++]];
  if (k !== q.codes.length) throw new Error(`${q.name}: ${q.codes.length} codes for ${k} kept weights`);
  return out;
}

export function dequantize(model: QuantizedModel): WeightSnapshot {
  return {
    names: model.weights.map((w) => w.name),
    shapes: model.weights.map((w) => [...w.shape]),
    values: model.weights.map((w) => (w.kind === 'raw' ? w.values : dequantizeKernel(w))),
  };
}
