// PruneLab's own wasm kernels for the forward ops and the elementwise ops (ownForward.ts,
// ownElementwise.ts; Sub, RealDiv by zero, Sqrt of negatives included) against the reference 'cpu' backend (relative error ≤ 1e-4) on odd shapes
// and the LeNet-5 and IMDB shapes, and their memory hygiene. The gradient kernels are
// checked in convGrads/batchMatMul/maxPoolGrad/sumLeading tests; the thread pool in kernels/.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackendForTest } from '../testWasmSetup';
import { currentKernelPath } from './kernels/instance';
import { expectNoLeaks, relErr, seededValues, size } from './testHelpers';

type Act = 'linear' | 'relu';
const CONVS: readonly { name: string; x: number[]; f: number[]; stride: number; pad: 'valid' | 'same'; bias: boolean; act: Act }[] = [
  { name: 'LeNet conv1 + bias + ReLU', x: [16, 28, 28, 1], f: [5, 5, 1, 20], stride: 1, pad: 'valid', bias: true, act: 'relu' },
  { name: 'LeNet conv2 + bias + ReLU', x: [16, 12, 12, 20], f: [5, 5, 20, 50], stride: 1, pad: 'valid', bias: true, act: 'relu' },
  { name: 'odd: same, stride 2, 3→7 channels, bias', x: [3, 11, 9, 3], f: [3, 3, 3, 7], stride: 2, pad: 'same', bias: true, act: 'linear' },
  { name: 'odd: 1×1, 5→13 channels, no bias', x: [2, 7, 5, 5], f: [1, 1, 5, 13], stride: 1, pad: 'valid', bias: false, act: 'linear' },
];
const MATMULS: readonly { name: string; a: number[]; b: number[]; tA: boolean; tB: boolean; bias: boolean; act: Act }[] = [
  { name: 'LeNet fc1 + bias + ReLU', a: [64, 800], b: [800, 500], tA: false, tB: false, bias: true, act: 'relu' },
  { name: 'IMDB bag → embedding', a: [32, 10002], b: [10002, 100], tA: false, tB: false, bias: true, act: 'linear' },
  { name: 'IMDB fc1 + bias + ReLU', a: [32, 100], b: [100, 200], tA: false, tB: false, bias: true, act: 'relu' },
  { name: 'odd Aᵀ·Bᵀ', a: [19, 7], b: [11, 19], tA: true, tB: true, bias: true, act: 'relu' },
  { name: 'odd A·Bᵀ without bias', a: [9, 33], b: [6, 33], tA: false, tB: true, bias: false, act: 'linear' },
];

function conv(c: (typeof CONVS)[number], seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededValues(size(c.x), seed), c.x as [number, number, number, number]);
    const w = tf.tensor4d(seededValues(size(c.f), seed + 1), c.f as [number, number, number, number]);
    const bias = c.bias ? tf.tensor1d(seededValues(c.f[3], seed + 2)) : undefined;
    return tf.fused.conv2d({ x, filter: w, strides: c.stride, pad: c.pad, bias, activation: c.act }).dataSync() as Float32Array;
  });
}

function matmul(c: (typeof MATMULS)[number], seed: number): Float32Array {
  return tf.tidy(() => {
    const a = tf.tensor2d(seededValues(size(c.a), seed), c.a as [number, number]);
    const b = tf.tensor2d(seededValues(size(c.b), seed + 1), c.b as [number, number]);
    const n = c.tB ? c.b[0] : c.b[1];
    const bias = c.bias ? tf.tensor1d(seededValues(n, seed + 2)) : undefined;
    return tf.fused.matMul({ a, b, transposeA: c.tA, transposeB: c.tB, bias, activation: c.act }).dataSync() as Float32Array;
  });
}

/** Elementwise ops as the training step uses them, with NaNs and ±0 sprinkled into x. */
function elementwise(seed: number): Float32Array[] {
  return tf.tidy(() => {
    const v = seededValues(8 * 24 * 24 * 20, seed);
    v[3] = NaN;
    v[7] = -0;
    v[11] = 0;
    const x = tf.tensor4d(v, [8, 24, 24, 20]);
    const y = tf.tensor4d(seededValues(size(x.shape), seed + 1), [8, 24, 24, 20]);
    const bias = tf.tensor1d(seededValues(20, seed + 2));
    const w = tf.tensor2d(seededValues(80 * 500, seed + 3), [80, 500]);
    return [
      tf.add(x, bias),
      tf.add(bias.reshape([1, 1, 1, 20]), x),
      tf.mul(x, y),
      tf.relu(x),
      tf.step(x),
      tf.step(x, 0.25),
      tf.mul(tf.scalar(-0.01), w),
      tf.add(w, w),
      tf.sub(x, y),
      tf.sub(x, bias),
      tf.div(x, y),
      tf.div(w, tf.scalar(0.3)),
      tf.div(w, tf.scalar(0)),
      tf.sqrt(x),
      tf.square(x),
      tf.clone(x),
      tf.cast(x, 'float32'),
    ].map((t) => t.dataSync() as Float32Array);
  });
}

describe("PruneLab's own wasm kernels: forward and elementwise ops", () => {
  const want = new Map<string, Float32Array | Float32Array[]>();

  beforeAll(async () => {
    await useBackendForTest('cpu');
    CONVS.forEach((c, i) => want.set(c.name, conv(c, 10 + i)));
    MATMULS.forEach((c, i) => want.set(c.name, matmul(c, 30 + i)));
    want.set('elementwise', elementwise(5));
    await useBackendForTest('wasm');
  });

  it('runs on the kernel module (not a fallback)', () => {
    tf.tidy(() => tf.relu(tf.ones([64, 100])).dataSync());
    expect(currentKernelPath()).not.toBeNull();
  });

  it.each(CONVS.map((c, i) => [c.name, c, i] as const))('FusedConv2D %s matches cpu', (name, c, i) => {
    expect(relErr(conv(c, 10 + i), want.get(name) as Float32Array)).toBeLessThanOrEqual(1e-4);
  });

  it.each(MATMULS.map((c, i) => [c.name, c, i] as const))('_FusedMatMul %s matches cpu', (name, c, i) => {
    expect(relErr(matmul(c, 30 + i), want.get(name) as Float32Array)).toBeLessThanOrEqual(1e-4);
  });

  it('Add (bias, same shape), Multiply (same shape, scalar), Sub, RealDiv, Sqrt, Square, Relu, Step, Identity and Cast match cpu, NaN included', () => {
    const got = elementwise(5);
    const ref = want.get('elementwise') as Float32Array[];
    // NaN and ±Infinity must sit at the same places (same values); the finite rest within 1e-6.
    const special = (a: Float32Array) => Array.from(a.keys()).filter((j) => !Number.isFinite(a[j])).map((j) => `${j}:${a[j]}`);
    const finite = (a: Float32Array) => a.map((v) => (Number.isFinite(v) ? v : 0));
    got.forEach((g, k) => {
      expect(special(g), `op #${k}`).toEqual(special(ref[k]));
      expect(relErr(finite(g), finite(ref[k])), `op #${k}`).toBeLessThanOrEqual(1e-6);
    });
  });

  it('a clone outlives its disposed source (Identity shares the buffer)', () => {
    const x = tf.tensor2d(seededValues(64 * 100, 9), [64, 100]);
    const copy = tf.clone(x);
    const values = x.dataSync().slice();
    x.dispose();
    expect(copy.dataSync()).toEqual(values);
    copy.dispose();
  });

  it('leaks neither tensors nor wasm buffers', () => {
    const run = () => {
      CONVS.forEach((c, i) => conv(c, 10 + i));
      MATMULS.slice(0, 1).forEach((c, i) => matmul(c, 30 + i));
      elementwise(6);
    };
    expectNoLeaks(run);
  });
});
