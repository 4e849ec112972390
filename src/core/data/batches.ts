// Mini-batch iteration over an image-classification dataset held as bytes.
// Images stay as Uint8Array (60,000 × 784 bytes ≈ 47 MB); each batch is normalised
// into a reusable Float32Array, so the worker never holds a 188 MB float copy.

import { deriveSeed, mulberry32, shuffleInPlace } from '../random';

export interface ImageSet {
  /** Row-major pixels, `count × height × width × channels` bytes. */
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  readonly numClasses: number;
  /** Normalisation applied to pixel/255: (x - mean) / std. */
  readonly mean: number;
  readonly std: number;
}

export interface Batch {
  /** Normalised pixels for `size` examples (a view into a reused buffer). */
  readonly x: Float32Array;
  readonly labels: Int32Array;
  readonly size: number;
  readonly index: number;
}

export function itemSize(set: ImageSet): number {
  return set.height * set.width * set.channels;
}

/** Keeps the first `n` examples (the official files are already mixed). */
export function takeFirst(set: ImageSet, n: number): ImageSet {
  const count = Math.min(n, set.count);
  const size = itemSize(set);
  return {
    ...set,
    count,
    images: set.images.subarray(0, count * size),
    labels: set.labels.subarray(0, count),
  };
}

/** Example order for one epoch: a seeded permutation, different every epoch. */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  return shuffleInPlace(order, mulberry32(deriveSeed(seed, epoch)));
}

export function batchCount(count: number, batchSize: number): number {
  return Math.ceil(count / batchSize);
}

/**
 * Yields normalised batches in `order` (or in file order when omitted).
 * The yielded arrays are reused: consume each batch before asking for the next.
 */
export function* iterateBatches(set: ImageSet, batchSize: number, order?: Uint32Array): Generator<Batch> {
  const size = itemSize(set);
  const x = new Float32Array(batchSize * size);
  const labels = new Int32Array(batchSize);
  const scale = 1 / (255 * set.std);
  const shift = set.mean / set.std;
  const n = set.count;
  for (let start = 0, index = 0; start < n; start += batchSize, index++) {
    const bs = Math.min(batchSize, n - start);
    for (let b = 0; b < bs; b++) {
      const ex = order ? order[start + b] : start + b;
      const src = ex * size;
      const dst = b * size;
      for (let p = 0; p < size; p++) x[dst + p] = set.images[src + p] * scale - shift;
      labels[b] = set.labels[ex];
    }
    yield { x: x.subarray(0, bs * size), labels: labels.subarray(0, bs), size: bs, index };
  }
}
