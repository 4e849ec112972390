import { describe, expect, it } from 'vitest';
import { kmeans1d, linearCentroids } from './kmeans';

describe('kmeans1d', () => {
  it('starts from linearly spaced centroids', () => {
    expect(Array.from(linearCentroids([-1, 0.5, 2], 4))).toEqual([-1, 0, 1, 2]);
  });

  it('matches a hand-computed clustering', () => {
    // Linear init over [-1, 3] with k = 3: centroids -1, 1, 3.
    // Step 1: -1 → c0, -0.8 → c0, 0.9 → c1, 1.2 → c1, 2.1 → c2 (|2.1−3| = 0.9 < 1.1), 3 → c2.
    // New centroids: (−1 − 0.8)/2 = −0.9, (0.9 + 1.2)/2 = 1.05, (2.1 + 3)/2 = 2.55.
    // Step 2: 2.1 is 1.05 from c1 and 0.45 from c2: unchanged, so it stops.
    const values = [-1, -0.8, 0.9, 1.2, 2.1, 3];
    const r = kmeans1d(values, 3);
    expect(Array.from(r.assignment)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(r.centroids[0]).toBeCloseTo(-0.9, 6);
    expect(r.centroids[1]).toBeCloseTo(1.05, 6);
    expect(r.centroids[2]).toBeCloseTo(2.55, 6);
    expect(r.iterations).toBe(2);
  });

  it('moves a weight whose nearest centroid changes', () => {
    // init 0, 5, 10. Step 1: 0, 1, 2 → c0 (mean 1); 4, 6 → c1 (mean 5); 9, 10 → c2 (mean 9.5).
    // Step 2: every weight keeps its centroid, so it stops.
    const r = kmeans1d([0, 1, 2, 4, 6, 9, 10], 3);
    expect(Array.from(r.assignment)).toEqual([0, 0, 0, 1, 1, 2, 2]);
    expect(Array.from(r.centroids)).toEqual([1, 5, 9.5]);
  });

  it('keeps an empty cluster where it was and never assigns out of range', () => {
    const r = kmeans1d([0, 0, 0, 10], 4);
    expect(r.assignment.every((a) => a < 4)).toBe(true);
    expect(r.centroids[0]).toBe(0);
    expect(r.centroids[3]).toBe(10);
  });
});
