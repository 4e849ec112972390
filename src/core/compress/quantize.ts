// Trained quantization's first half: k-means weight sharing of one layer's kept weights
// (kmeans.ts), giving the codebook and one code per kept weight. Centroids no weight chose
// (linear initialisation leaves many empty where the rare large weights spread the range)
// are dropped from the codebook: fine-tuning moves a centroid only through its own weights,
// so an empty one stays empty, and storing it would only cost bytes. Also the stage sizes the
// pipeline reports before the file exists (dense float32, pruned sparse, quantized), each
// counted with the same relative index the file uses (fixed width, before Huffman).

import { kmeans1d } from './kmeans';
import type { QuantizedKernel } from './quantized';
import { encodeGaps } from './relativeIndex';

export function quantizeKernel(name: string, shape: readonly number[], values: Float32Array, mask: Uint8Array, bits: number): QuantizedKernel {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) if (mask[i]) kept.push(values[i]);
  const k = Math.max(1, Math.min(2 ** bits, kept.length));
  const { centroids, assignment } = kmeans1d(kept, k);
  const { codebook, codes } = usedCentroids(centroids, assignment);
  return { kind: 'quantized', name, shape: [...shape], bits, centroids: codebook, mask, codes };
}

/** The codebook without centroids no code points to (order kept), and the codes renumbered to it. */
export function usedCentroids(centroids: Float32Array, assignment: Uint16Array): { codebook: Float32Array; codes: Uint16Array } {
  const renumber = new Int32Array(centroids.length).fill(-1);
  for (const a of assignment) renumber[a] = 0;
  const kept: number[] = [];
  for (let j = 0; j < centroids.length; j++) if (renumber[j] === 0) renumber[j] = kept.push(centroids[j]) - 1;
  if (kept.length === 0) kept.push(centroids[0] ?? 0);
  return { codebook: Float32Array.from(kept), codes: Uint16Array.from(assignment, (a) => renumber[a]) };
}

/** Bytes of a fixed-width relative index of the mask, at the width (1–8 bits) that makes it smallest. */
export function fixedIndexBytes(mask: Uint8Array): { bytes: number; width: number } {
  let best = { bytes: Infinity, width: 0 };
  for (let width = 1; width <= 8; width++) {
    const bytes = Math.ceil((encodeGaps(mask, width).length * width) / 8);
    if (bytes < best.bytes) best = { bytes, width };
  }
  return best;
}

/** Pruned stage: kept weights as float32 plus their fixed-width relative index. */
export function prunedLayerBytes(mask: Uint8Array): number {
  let kept = 0;
  for (const m of mask) kept += m;
  return 4 * kept + fixedIndexBytes(mask).bytes;
}

/** Quantized stage: a bits-wide code per kept weight, the float32 codebook, the same index. */
export function quantizedLayerBytes(q: QuantizedKernel): number {
  return Math.ceil((q.codes.length * q.bits) / 8) + 4 * q.centroids.length + fixedIndexBytes(q.mask).bytes;
}
