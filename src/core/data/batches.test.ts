import { describe, expect, it } from 'vitest';
import { epochOrder, iterateBatches, takeFirst, type ImageSet } from './batches';

const set: ImageSet = {
  images: Uint8Array.from([0, 255, 51, 102, 0, 0, 255, 255, 10, 20]),
  labels: Uint8Array.from([1, 2, 3, 4, 5]),
  count: 5,
  height: 1,
  width: 2,
  channels: 1,
  numClasses: 10,
  mean: 0,
  std: 1,
};

describe('batches', () => {
  it('epochOrder is a seeded permutation that changes per epoch', () => {
    const a = epochOrder(100, 7, 0);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(epochOrder(100, 7, 0))).toEqual(Array.from(a));
    expect(Array.from(epochOrder(100, 7, 1))).not.toEqual(Array.from(a));
    expect(Array.from(epochOrder(100, 8, 0))).not.toEqual(Array.from(a));
  });

  it('iterates normalised batches with a short last batch', () => {
    const batches = Array.from(iterateBatches({ ...set, mean: 0.5, std: 0.5 }, 2), (b) => ({
      x: Array.from(b.x),
      labels: Array.from(b.labels),
      size: b.size,
    }));
    expect(batches.map((b) => b.size)).toEqual([2, 2, 1]);
    expect(batches[0].x[0]).toBeCloseTo(-1);
    expect(batches[0].x[1]).toBeCloseTo(1);
    expect(batches[2].labels).toEqual([5]);
  });

  it('follows a given order and takeFirst keeps a prefix', () => {
    const order = Uint32Array.from([4, 0, 1, 2, 3]);
    const first = iterateBatches(set, 5, order).next().value;
    expect(first && Array.from(first.labels)).toEqual([5, 1, 2, 3, 4]);
    const sub = takeFirst(set, 2);
    expect(sub.count).toBe(2);
    expect(Array.from(sub.labels)).toEqual([1, 2]);
    expect(sub.images.length).toBe(4);
  });
});
