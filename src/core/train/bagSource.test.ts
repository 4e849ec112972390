// Tests of the bag-of-words batch source on the tfjs cpu backend: row contents, order,
// the short last batch, buffer reuse across epochs, and no leaked tensors.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TextSet } from '../data/imdb';
import { bagBatchSource } from './bagSource';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Reviews: [2 2 3] [] [4] [3 1], labels 1 0 1 0, vocabulary size 5. */
const set: TextSet = {
  tokens: Uint16Array.from([2, 2, 3, 4, 3, 1]),
  offsets: Uint32Array.from([0, 3, 3, 4, 6]),
  labels: Uint8Array.from([1, 0, 1, 0]),
  count: 4,
  vocabSize: 5,
};

const third = Math.fround(1 / 3);
const rows = {
  0: [0, 0, 2 * third, third, 0],
  1: [0, 0, 0, 0, 0],
  2: [0, 0, 0, 0, 1],
  3: [0, 0.5, 0, 0.5, 0],
};

describe('bagBatchSource', () => {
  it('yields [B, vocabSize] bag-of-words rows, int32 labels and a short last batch', () => {
    const source = bagBatchSource(set);
    expect([source.count, source.numClasses]).toEqual([4, 2]);
    const seen: { shape: number[]; x: number[][]; labels: number[]; dtype: string; size: number; index: number }[] = [];
    for (const b of source.batches(3)) {
      // Read each batch before the next one: the rows share a reused buffer.
      seen.push({
        shape: b.inputs.shape,
        x: b.inputs.arraySync() as number[][],
        labels: Array.from(b.labels.dataSync()),
        dtype: b.labels.dtype,
        size: b.size,
        index: b.index,
      });
      tf.dispose([b.inputs, b.labels]);
    }
    expect(seen.map((s) => [s.shape, s.size, s.index])).toEqual([
      [[3, 5], 3, 0],
      [[1, 5], 1, 1],
    ]);
    expect(seen[0].x[0].map(Math.fround)).toEqual(rows[0].map(Math.fround));
    expect(seen[0].x[1]).toEqual(rows[1]);
    expect(seen[0].x[2]).toEqual(rows[2]);
    expect(seen[1].x[0]).toEqual(rows[3]);
    expect(seen.flatMap((s) => s.labels)).toEqual([1, 0, 1, 0]);
    expect(seen[0].dtype).toBe('int32');
  });

  it('follows an order, clears reused rows between epochs, and leaks no tensors', () => {
    const source = bagBatchSource(set);
    const before = tf.memory().numTensors;
    for (const order of [Uint32Array.from([3, 0, 2, 1]), Uint32Array.from([1, 2, 3, 0])]) {
      const x: number[][] = [];
      const labels: number[] = [];
      for (const b of source.batches(2, order)) {
        x.push(...(b.inputs.arraySync() as number[][]));
        labels.push(...b.labels.dataSync());
        tf.dispose([b.inputs, b.labels]);
      }
      expect(x.map((r) => r.map(Math.fround))).toEqual(Array.from(order, (i) => rows[i as 0 | 1 | 2 | 3].map(Math.fround)));
      expect(labels).toEqual(Array.from(order, (i) => set.labels[i]));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('releases nothing extra when a consumer stops early, and rejects bad arguments', () => {
    const source = bagBatchSource(set);
    const before = tf.memory().numTensors;
    for (const b of source.batches(1)) {
      tf.dispose([b.inputs, b.labels]);
      break;
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(() => source.batches(0).next()).toThrow('batch size 0 is not a positive integer');
    expect(() => source.batches(2, Uint32Array.from([0, 1])).next()).toThrow('order has 2 entries for 4 reviews');
    const gen = source.batches(2, Uint32Array.from([0, 1, 9, 2]));
    const first = gen.next().value;
    if (first) tf.dispose([first.inputs, first.labels]);
    expect(() => gen.next()).toThrow('order entry 2 is 9, beyond 4 reviews');
    expect(tf.memory().numTensors).toBe(before);
  });
});
