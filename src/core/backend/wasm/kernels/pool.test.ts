// The thread pool: every driver gives bit-identical results on one thread and on a caller plus
// a helper (a Node worker thread sharing the memory), the helpers really take tasks, and a
// matrix product matches a plain JavaScript one on odd shapes (both micro-kernel families,
// bias + ReLU epilogue, partial column vectors).
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededValues } from '../testHelpers';
import { runConvBackpropFilter, runConvBackpropInput, runConvForward } from '../ownConv';
import { MODE } from './abi';
import type { TaskPool } from './pool';
import type { KernelRuntime } from './runtime';
import { put, standaloneRuntime, warmPool } from './testRuntime';

const rt: KernelRuntime = standaloneRuntime({ shared: true });
let pool: TaskPool;

/** Runs `job` single-threaded and pooled; returns both outputs. */
function both(out: number, length: number, job: () => void): [Float32Array, Float32Array] {
  rt.useRunner(null);
  rt.f32(out, length).fill(NaN);
  job();
  const single = rt.f32(out, length).slice();
  rt.useRunner(pool);
  rt.f32(out, length).fill(NaN);
  job();
  return [single, rt.f32(out, length).slice()];
}

function matmulRef(a: Float32Array, b: Float32Array, m: number, k: number, n: number, transA: boolean, bias: Float32Array | null): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += (transA ? a[q * m + i] : a[i * k + q]) * b[q * n + j];
      c[i * n + j] = bias ? Math.max(0, s + bias[j]) : s;
    }
  }
  return c;
}

const conv = (x: number[], f: number[], stride: number, pad: 'valid' | 'same') =>
  tf.backend_util.computeConv2DInfo(x as [number, number, number, number], f as [number, number, number, number], stride, 1, pad, undefined, false, 'channelsLast');

describe('kernel thread pool', () => {
  beforeAll(async () => {
    pool = await warmPool(rt, (source) => new Worker(source, { eval: true }));
  });

  afterAll(() => {
    rt.useRunner(null);
  });

  it('starts a helper that takes tasks', () => {
    expect(pool.helperTasks()).toBeGreaterThan(0);
  });

  it.each([
    [37, 23, 29, false],
    [64, 800, 50, false],
    [13, 7, 3, true],
    [50, 64, 22, true],
  ] as const)('matmul %i×%i·%i (Aᵀ: %s) with bias+ReLU matches JavaScript, threaded or not', (m, k, n, transA) => {
    const av = seededValues(m * k, m + k);
    const bv = seededValues(k * n, n);
    const biasv = seededValues(n, 3);
    const [a, b, bias] = [put(rt, av), put(rt, bv), put(rt, biasv)];
    const c = rt.malloc(4 * m * n);
    const args = { a, b, c, bias, m, n, k, aRow: transA ? 4 : 4 * k, aK: transA ? 4 * m : 4, bK: 4 * n, mode: MODE.biasRelu, mBlock: 10, nBlock: 8, nBlocks: Math.ceil(n / 8) };
    const [single, threaded] = both(c, m * n, () => rt.run('matmul', args, Math.ceil(m / 10) * args.nBlocks));
    expect(threaded).toEqual(single);
    const want = matmulRef(av, bv, m, k, n, transA, biasv);
    const maxAbs = want.reduce((p, v) => Math.max(p, Math.abs(v)), 0);
    single.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(1e-5 * maxAbs));
  });

  it.each([
    ['LeNet conv1', [4, 28, 28, 1], [5, 5, 1, 20], 1, 'valid'],
    ['one channel, same, 3×3', [2, 9, 12, 1], [3, 3, 1, 8], 1, 'same'],
    ['LeNet conv2', [8, 12, 12, 20], [5, 5, 20, 50], 1, 'valid'],
    ['same, stride 2, odd channels', [3, 11, 9, 3], [3, 3, 3, 7], 2, 'same'],
  ] as const)('conv forward, dW and dx of %s: threaded equals single-threaded', (_n, xs, fs, stride, pad) => {
    const info = conv([...xs], [...fs], stride, pad);
    const size = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);
    const x = put(rt, seededValues(size(xs), 1));
    const w = put(rt, seededValues(size(fs), 2));
    const dy = put(rt, seededValues(size(info.outShape), 3));
    const bias = put(rt, seededValues(fs[3], 4));
    const y = rt.malloc(4 * size(info.outShape));
    const dw = rt.malloc(4 * size(fs));
    const dx = rt.malloc(4 * size(xs));
    const [f1, f2] = both(y, size(info.outShape), () => runConvForward(rt, { x, w, out: y, bias }, info, true));
    expect(f2).toEqual(f1);
    const [w1, w2] = both(dw, size(fs), () => runConvBackpropFilter(rt, { x, w: dy, out: dw }, info));
    expect(w2).toEqual(w1);
    const [x1, x2] = both(dx, size(xs), () => runConvBackpropInput(rt, { x: dy, w, out: dx }, info));
    expect(x2).toEqual(x1);
    expect(f1.some(Number.isNaN) || w1.some(Number.isNaN) || x1.some(Number.isNaN)).toBe(false);
  });

  it.each([
    ['LeNet conv1, bias + ReLU', [3, 28, 28, 1], [5, 5, 1, 20], 'valid', true],
    ['same 3×3, 12 wide (a 4-pixel tail), no bias', [2, 7, 12, 1], [3, 3, 1, 8], 'same', false],
  ] as const)('the one-channel forward kernel gives the general kernel’s results bit for bit: %s', (_n, xs, fs, pad, biased) => {
    const info = conv([...xs], [...fs], 1, pad);
    const size = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);
    const ptrs = { x: put(rt, seededValues(size(xs), 5)), w: put(rt, seededValues(size(fs), 6)), out: rt.malloc(4 * size(info.outShape)) };
    const p = biased ? { ...ptrs, bias: put(rt, seededValues(fs[3], 7)) } : ptrs;
    const [lanes, general] = [false, true].map((g) => {
      rt.f32(p.out, size(info.outShape)).fill(NaN);
      runConvForward(rt, p, info, biased, g);
      return rt.f32(p.out, size(info.outShape)).slice();
    });
    expect(lanes).toEqual(general);
    expect(lanes.some(Number.isNaN)).toBe(false);
  });
});
