// Test-only numerics shared by the wasm kernel tests: deterministic inputs (so the 'cpu'
// reference and 'wasm' see identical values), a relative-error comparison and a leak check.
// Why this file exists: every kernel test file (and the LeNet/speed tests) needs the same
// inputs and the same notion of "matches cpu".
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** mulberry32: small deterministic PRNG so both backends see identical inputs. */
export function seededValues(n: number, seed: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

export const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);

export function relErr(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < want.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
    maxAbs = Math.max(maxAbs, Math.abs(want[i]));
  }
  return maxDiff / Math.max(maxAbs, 1e-12);
}

/** Runs `run` once (warm-up), then again: the second run may leave no tensor and no backend buffer behind. */
export function expectNoLeaks(run: () => void): void {
  run();
  const tensors = tf.memory().numTensors;
  const buffers = tf.engine().backend.numDataIds();
  run();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(tf.engine().backend.numDataIds()).toBe(buffers);
}
