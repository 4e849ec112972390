import { describe, expect, it } from 'vitest';
import { quantizeKernel, usedCentroids } from './quantize';
import { dequantizeKernel } from './quantized';

describe('quantizeKernel', () => {
  it('drops the centroids no weight chose and renumbers the codes (hand-computed)', () => {
    // Kept weights 0, 0.01, 0.02, 1 (position 1 pruned); 4 centroids start at 0, 1/3, 2/3, 1.
    // The three small weights take centroid 0 (moving to 0.01), the large one centroid 3;
    // the middle two stay empty and leave the codebook.
    const values = Float32Array.from([0, 5, 0.01, 0.02, 1]);
    const mask = Uint8Array.from([1, 0, 1, 1, 1]);
    const q = quantizeKernel('k', [5], values, mask, 2);
    expect(Array.from(q.centroids)).toEqual([Math.fround(0.01), 1]);
    expect(Array.from(q.codes)).toEqual([0, 0, 0, 1]);
    expect(q.bits).toBe(2);
    expect(Array.from(dequantizeKernel(q))).toEqual([Math.fround(0.01), 0, Math.fround(0.01), Math.fround(0.01), 1]);
  });

  it('keeps every used centroid and the values they give', () => {
    const centroids = Float32Array.from([-1, 0, 2, 3]);
    const assignment = Uint16Array.from([3, 0, 3, 2]);
    const { codebook, codes } = usedCentroids(centroids, assignment);
    expect(Array.from(codebook)).toEqual([-1, 2, 3]);
    expect(Array.from(codes, (c) => codebook[c])).toEqual(Array.from(assignment, (a) => centroids[a]));
  });
});
