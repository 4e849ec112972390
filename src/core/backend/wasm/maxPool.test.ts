// MaxPool on PruneLab's kernels (maxPool.ts) against the 'cpu' backend: LeNet-5's pools, odd
// sizes (an uncovered last row and column), channel counts that are not a multiple of 4, and
// windows holding NaN, -inf or only negative values; other pools take tfjs's own kernel.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackendForTest } from '../testWasmSetup';
import { expectNoLeaks, seededValues, size } from './testHelpers';

/** `special`: NaN and -inf in some windows (not for tfjs's own route, which lets NaN win). */
const CASES: readonly { name: string; x: [number, number, number, number]; filter: number; stride: number; pad: 'valid' | 'same'; special: boolean }[] = [
  { name: 'LeNet pool1', x: [8, 24, 24, 20], filter: 2, stride: 2, pad: 'valid', special: true },
  { name: 'LeNet pool2', x: [8, 8, 8, 50], filter: 2, stride: 2, pad: 'valid', special: true },
  { name: 'odd 7×9, 3 channels', x: [3, 7, 9, 3], filter: 2, stride: 2, pad: 'valid', special: true },
  { name: 'one channel', x: [2, 6, 4, 1], filter: 2, stride: 2, pad: 'valid', special: true },
  { name: '3×3/2 same (tfjs route)', x: [2, 9, 10, 4], filter: 3, stride: 2, pad: 'same', special: false },
];

function pool(c: (typeof CASES)[number], seed: number): Float32Array {
  const v = seededValues(size(c.x), seed).map((e, i) => (i % 3 === 0 ? e - 1 : e));
  if (c.special) {
    const [iw, ch] = [c.x[2], c.x[3]];
    for (const p of [0, 1, iw, iw + 1]) v.fill(NaN, p * ch, (p + 1) * ch); // the first window: NaN only
    v.fill(NaN, 2 * ch, 3 * ch); // the second: one NaN pixel, and -inf below it
    v.fill(Number.NEGATIVE_INFINITY, (iw + 2) * ch, (iw + 3) * ch);
  }
  return tf.tidy(() => tf.maxPool(tf.tensor4d(v, c.x), c.filter, c.stride, c.pad).dataSync() as Float32Array);
}

describe('wasm MaxPool', () => {
  const want = new Map<string, Float32Array>();

  beforeAll(async () => {
    await useBackendForTest('cpu');
    CASES.forEach((c, i) => want.set(c.name, pool(c, 700 + i)));
    await useBackendForTest('wasm');
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s matches cpu exactly', (name, c, i) => {
    expect(Array.from(pool(c, 700 + i))).toEqual(Array.from(want.get(name) ?? []));
  });

  it('leaks neither tensors nor wasm buffers', () => {
    expectNoLeaks(() => CASES.forEach((c, i) => pool(c, 700 + i)));
  });
});
