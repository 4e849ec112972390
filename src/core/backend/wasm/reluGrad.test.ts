// The Relu gradient as one kernel (reluGrad.ts): on wasm it runs PruneLabReluGrad instead of
// Step + Multiply and gives cpu's gradients exactly (NaN, ±0, negative inputs, infinite dy);
// other backends keep tfjs's formula; gradients of the gradient still work; nothing leaks;
// unregistering puts tfjs's gradient back.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBackendForTest } from '../testWasmSetup';
import { registerWasmGradKernels, unregisterWasmGradKernels } from '../wasmGradKernels';
import { RELU_GRAD, reluGradRegistered } from './reluGrad';
import { expectNoLeaks, seededValues } from './testHelpers';

const SHAPE: [number, number, number, number] = [4, 24, 24, 20];

function inputs(): { x: Float32Array; dy: Float32Array } {
  const x = seededValues(4 * 24 * 24 * 20, 11);
  const dy = seededValues(x.length, 12);
  x.set([NaN, 0, -0, -1e-30, 1e-30, Infinity, -Infinity], 0);
  dy.set([1, Infinity, -Infinity, NaN, 2, 3, Infinity], 0);
  return { x, dy };
}

/** d/dx of sum(relu(x) · dy) = dy · step(x). */
function reluGrad(): Float32Array {
  const { x, dy } = inputs();
  return tf.tidy(() => {
    const w = tf.tensor4d(dy, SHAPE);
    return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), w)))(tf.tensor4d(x, SHAPE)).dataSync() as Float32Array;
  });
}

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i])));

describe('Relu gradient as one kernel', () => {
  let want: Float32Array;

  beforeAll(async () => {
    await useBackendForTest('cpu');
    want = reluGrad();
    await useBackendForTest('wasm');
  });

  afterAll(() => registerWasmGradKernels());

  it('is registered with the other kernels', () => {
    expect(reluGradRegistered()).toBe(true);
  });

  it('matches cpu bit for bit on wasm, with one kernel instead of Step + Multiply', async () => {
    expect(same(reluGrad(), want)).toBe(true);
    const names = (await tf.profile(() => reluGrad())).kernels.map((k) => k.name);
    expect(names).toContain(RELU_GRAD);
    expect(names).not.toContain('Step');
  });

  it('keeps tfjs’s formula on the cpu backend', async () => {
    await useBackendForTest('cpu');
    try {
      expect(same(reluGrad(), want)).toBe(true);
      expect((await tf.profile(() => reluGrad())).kernels.map((k) => k.name)).toContain('Step');
    } finally {
      await useBackendForTest('wasm');
    }
  });

  it('has a gradient itself (second derivative of relu is 0)', () => {
    const g2 = tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.grad((b: tf.Tensor) => tf.sum(tf.relu(b)))(a)))(tf.tensor1d([-1, 0.5, 2, -3])).dataSync());
    expect(Array.from(g2)).toEqual([0, 0, 0, 0]);
  });

  it('leaks neither tensors nor wasm buffers', () => {
    expectNoLeaks(() => reluGrad());
  });

  it('unregistering restores tfjs’s gradient (Step + Multiply)', async () => {
    unregisterWasmGradKernels();
    expect(reluGradRegistered()).toBe(false);
    const names = (await tf.profile(() => tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.relu(a)))(tf.ones([8]))))).kernels.map((k) => k.name);
    expect(names).toContain('Step');
    expect(names).not.toContain(RELU_GRAD);
  });
});
