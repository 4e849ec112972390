// Checks the wasm Conv2D gradient kernels (convGrads.ts) against the reference 'cpu'
// backend, the stride-1-only dx fast path, and the NHWC-only error for dW.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../testWasmSetup';
import { backpropInputFastPathPads } from '../wasmGradKernels';
import { prefersMatMulRoute } from './backpropInputMatMul';
import { CASES, convGrads, type Grads } from './testCases';
import { expectNoLeaks, relErr } from './testHelpers';

describe('wasm Conv2D gradient kernels', () => {
  const reference = new Map<string, Grads>();

  beforeAll(async () => {
    await useBackendForTest('cpu');
    CASES.forEach((c, i) => reference.set(c.name, convGrads(c, 1000 + i * 10)));
    await useBackendForTest('wasm');
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s matches cpu (dx and dW)', (_n, c, i) => {
    const want = reference.get(c.name);
    if (want == null) throw new Error('missing reference');
    const got = convGrads(c, 1000 + i * 10);
    expect(relErr(got.dw, want.dw)).toBeLessThanOrEqual(1e-4);
    expect(relErr(got.dx, want.dx)).toBeLessThanOrEqual(1e-4);
  });

  it('uses the conv2d fast path for dx only at stride 1', () => {
    expect(backpropInputFastPathPads([8, 12, 12, 20], [5, 5, 20, 50], 1, 'valid', 'NHWC')).toEqual([
      [0, 0],
      [4, 4],
      [4, 4],
      [0, 0],
    ]);
    expect(backpropInputFastPathPads([4, 12, 12, 3], [5, 5, 3, 8], 1, 'same', 'NHWC')).toEqual([
      [0, 0],
      [2, 2],
      [2, 2],
      [0, 0],
    ]);
    expect(backpropInputFastPathPads([4, 14, 14, 3], [3, 3, 3, 8], 2, 'valid', 'NHWC')).toBeNull();
    expect(backpropInputFastPathPads([4, 3, 14, 14], [3, 3, 3, 8], 1, 'valid', 'NCHW')).toBeNull();
  });

  it('rejects NCHW for Conv2DBackpropFilter with a clear error', () => {
    const x = tf.zeros([1, 1, 6, 6]);
    const dy = tf.zeros([1, 2, 4, 4]);
    expect(() =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x, dy },
        { strides: 1, pad: 'valid', dataFormat: 'NCHW', filterShape: [3, 3, 1, 2] },
      ),
    ).toThrow(/NHWC/);
    tf.dispose([x, dy]);
  });
});

describe('wasm Conv2DBackpropInput: the matmul + col2im route', () => {
  const info = (x: [number, number, number, number], f: [number, number, number, number], pad: 'valid' | 'same', stride = 1) =>
    tf.backend_util.computeConv2DInfo(x, f, stride, 1, pad, undefined, false, 'channelsLast');

  it('is chosen where the padded-dy conv would mostly multiply zeros (LeNet conv2), not for same padding', () => {
    expect(prefersMatMulRoute(info([8, 12, 12, 20], [5, 5, 20, 50], 'valid'))).toBe(true); // 144/64 = 2.25
    expect(prefersMatMulRoute(info([8, 28, 28, 1], [5, 5, 1, 20], 'valid'))).toBe(false); // 784/576 = 1.36
    expect(prefersMatMulRoute(info([4, 12, 12, 20], [5, 5, 20, 16], 'same'))).toBe(false);
    expect(prefersMatMulRoute(info([4, 14, 14, 3], [3, 3, 3, 8], 'valid', 2))).toBe(false);
  });

  it('matches cpu on stride-1 valid convolutions it takes, and leaks nothing', async () => {
    const cases = [
      { name: 'LeNet conv2', x: [8, 12, 12, 20], filter: [5, 5, 20, 50], strides: 1, pad: 'valid' },
      { name: 'small 4x3 valid', x: [3, 7, 6, 4], filter: [4, 3, 4, 5], strides: 1, pad: 'valid' },
    ] as const;
    const mutable = cases.map((c) => ({ ...c, x: [...c.x] as Shape4, filter: [...c.filter] as Shape4 }));
    for (const c of mutable) expect(prefersMatMulRoute(info(c.x, c.filter, 'valid'))).toBe(true);
    await useBackendForTest('cpu');
    const want = mutable.map((c, i) => convGrads(c, 77 + i).dx);
    await useBackendForTest('wasm');
    mutable.forEach((c, i) => expect(relErr(convGrads(c, 77 + i).dx, want[i])).toBeLessThanOrEqual(1e-4));
    expectNoLeaks(() => mutable.forEach((c, i) => convGrads(c, 77 + i)));
  });
});

type Shape4 = [number, number, number, number];
