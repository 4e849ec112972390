// Checks the leading-axes Sum (sumLeading.ts) against the 'cpu' backend, the axis test, and
// that it neither leaks tensors nor wasm buffers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackendForTest } from '../testWasmSetup';
import { isOurs } from './kernelRegistry';
import { leadingAxes } from './sumLeading';
import { expectNoLeaks, relErr } from './testHelpers';

const CASES: readonly { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
  { shape: [64, 24, 24, 20], axis: [0, 1, 2], keepDims: false }, // conv1 bias gradient
  { shape: [64, 8, 8, 50], axis: [0, 1, 2], keepDims: true },
  { shape: [64, 500], axis: 0, keepDims: false }, // dense bias gradient
  { shape: [37, 3, 5], axis: [1, 0], keepDims: false }, // unsorted axes
  { shape: [8, 5], axis: 0, keepDims: false }, // few rows: the stock kernel
  { shape: [6, 7, 9], axis: [0, 2], keepDims: false }, // not leading: the stock kernel
  { shape: [40, 30], axis: [0, 1], keepDims: false }, // every axis: the stock kernel
];

function run(c: (typeof CASES)[number], seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.randomNormal(c.shape, 0, 1, 'float32', seed);
    return tf.sum(x, c.axis, c.keepDims).dataSync() as Float32Array;
  });
}

function shapeOf(c: (typeof CASES)[number]): number[] {
  return tf.tidy(() => tf.sum(tf.zeros(c.shape), c.axis, c.keepDims).shape);
}

describe('wasm Sum over leading axes', () => {
  const reference: Float32Array[] = [];
  const shapes: number[][] = [];

  beforeAll(async () => {
    await useBackendForTest('cpu');
    CASES.forEach((c, i) => {
      reference.push(run(c, 40 + i));
      shapes.push(shapeOf(c));
    });
    await useBackendForTest('wasm');
  });

  it('recognises exactly the leading-prefix reductions', () => {
    expect(leadingAxes([0, 1, 2], 4)).toBe(3);
    expect(leadingAxes([2, 0, 1], 4)).toBe(3);
    expect(leadingAxes(0, 2)).toBe(1);
    expect(leadingAxes(-2, 2)).toBe(1);
    expect(leadingAxes([0, 2], 3)).toBe(0);
    expect(leadingAxes([1], 3)).toBe(0);
    expect(leadingAxes([0, 1], 2)).toBe(0); // all axes
    expect(leadingAxes([], 2)).toBe(0);
  });

  it.each(CASES.map((c, i) => [JSON.stringify(c), c, i] as const))('Sum %s matches cpu', (_n, c, i) => {
    expect(tf.getBackend()).toBe('wasm');
    expect(isOurs(tf.getKernel('Sum', 'wasm'))).toBe(true);
    expect(shapeOf(c)).toEqual(shapes[i]);
    expect(relErr(run(c, 40 + i), reference[i])).toBeLessThanOrEqual(1e-5);
  });

  it('leaks neither tensors nor wasm buffers', () => {
    expectNoLeaks(() => {
      for (let r = 0; r < 3; r++) CASES.forEach((c, i) => run(c, i));
    });
  });
});
