// Checks PruneLab's wasm training kernels (Conv2D gradients, MaxPoolGrad fix, BatchMatMul
// transposes) against the reference 'cpu' backend, their memory hygiene, and that full
// LeNet-5 training steps run correctly on wasm.
// Speed benchmark (skipped by default): SPEED=1 npx vitest run src/lab/backend/wasmGradKernels.test.ts -t speed
// (SPEED=profile adds a per-kernel breakdown; SPEED_STEPS / SPEED_CPU_STEPS set step counts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from './testWasmSetup';
import {
  backpropInputFastPathPads,
  registerWasmGradKernels,
  unregisterWasmGradKernels,
  wasmGradKernelsRegistered,
} from './wasmGradKernels';

type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

/** mulberry32: small deterministic PRNG so both backends see identical inputs. */
function seededValues(n: number, seed: number): Float32Array {
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

const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);

interface ConvCase {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: Pad;
}

const CASES: ConvCase[] = [
  { name: 'LeNet conv1 valid', x: [8, 28, 28, 1], filter: [5, 5, 1, 20], strides: 1, pad: 'valid' },
  { name: 'LeNet conv2 valid', x: [8, 12, 12, 20], filter: [5, 5, 20, 50], strides: 1, pad: 'valid' },
  { name: 'same 5x5', x: [4, 12, 12, 20], filter: [5, 5, 20, 16], strides: 1, pad: 'same' },
  { name: 'same 3x3', x: [4, 13, 11, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' },
  { name: 'numeric pad 1', x: [4, 10, 10, 3], filter: [3, 3, 3, 8], strides: 1, pad: 1 },
  {
    name: 'explicit asymmetric pad',
    x: [3, 10, 9, 4],
    filter: [3, 2, 4, 6],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { name: 'stride 2 valid exact', x: [4, 13, 13, 3], filter: [3, 3, 3, 8], strides: 2, pad: 'valid' },
  { name: 'stride 2 valid remainder', x: [4, 14, 14, 3], filter: [3, 3, 3, 8], strides: 2, pad: 'valid' },
  { name: 'stride 2 same', x: [4, 14, 15, 3], filter: [5, 5, 3, 8], strides: 2, pad: 'same' },
  { name: 'stride [2,3] same', x: [2, 11, 16, 5], filter: [3, 4, 5, 7], strides: [2, 3], pad: 'same' },
];

interface PoolCase {
  name: string;
  x: Shape4;
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  /** Shift inputs to make whole windows negative (the upstream wasm bug). */
  offset: number;
}

const POOL_CASES: PoolCase[] = [
  { name: 'LeNet pool1 2x2/2', x: [8, 24, 24, 20], filterSize: 2, strides: 2, pad: 'valid', offset: 0 },
  { name: 'LeNet pool2 2x2/2', x: [8, 8, 8, 50], filterSize: 2, strides: 2, pad: 'valid', offset: 0 },
  { name: 'all-negative 2x2/2', x: [2, 6, 6, 5], filterSize: 2, strides: 2, pad: 'valid', offset: -1.5 },
  { name: 'overlapping 3x3/2 same', x: [2, 9, 10, 4], filterSize: 3, strides: 2, pad: 'same', offset: -0.5 },
  { name: 'overlapping 3x2/1 valid', x: [2, 7, 7, 3], filterSize: [3, 2], strides: 1, pad: 'valid', offset: 0 },
];

function poolGrad(c: PoolCase, seed: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.add(tf.tensor4d(seededValues(size(c.x), seed), c.x), c.offset) as tf.Tensor4D;
    const yShape = tf.maxPool(x, c.filterSize, c.strides, c.pad).shape;
    const r = tf.tensor(seededValues(size(yShape), seed + 1), yShape);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.filterSize, c.strides, c.pad), r)));
    return g(x).dataSync() as Float32Array;
  });
}

interface MatMulCase {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

const MATMUL_CASES: MatMulCase[] = [
  { a: [64, 500], b: [800, 500], transposeA: false, transposeB: true }, // dense dx
  { a: [64, 800], b: [64, 500], transposeA: true, transposeB: false }, // dense dW
  { a: [30, 17], b: [9, 30], transposeA: true, transposeB: true },
  { a: [1, 7, 5], b: [1, 6, 5], transposeA: false, transposeB: true }, // batch 1, rank 3
  { a: [3, 7, 5], b: [3, 7, 6], transposeA: true, transposeB: false }, // batched: passed through
  { a: [12, 9], b: [9, 4], transposeA: false, transposeB: false },
];

function matMul(c: MatMulCase, seed: number): Float32Array {
  return tf.tidy(() => {
    const a = tf.tensor(seededValues(size(c.a), seed), c.a);
    const b = tf.tensor(seededValues(size(c.b), seed + 1), c.b);
    return tf.matMul(a, b, c.transposeA, c.transposeB).dataSync() as Float32Array;
  });
}

interface Grads {
  dx: Float32Array;
  dw: Float32Array;
}

/** Gradients of sum(conv2d(x, w) * r) for random r, so dy is not constant. */
function convGrads(c: ConvCase, seed: number): Grads {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededValues(size(c.x), seed), c.x);
    const w = tf.tensor4d(seededValues(size(c.filter), seed + 1), c.filter);
    const yShape = tf.conv2d(x, w, c.strides, c.pad).shape;
    const r = tf.tensor(seededValues(size(yShape), seed + 2), yShape);
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r));
    const [dx, dw] = tf.grads(f)([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

function relErr(got: Float32Array, want: Float32Array): number {
  expect(got.length).toBe(want.length);
  let maxDiff = 0;
  let maxAbs = 0;
  for (let i = 0; i < want.length; i++) {
    maxDiff = Math.max(maxDiff, Math.abs(got[i] - want[i]));
    maxAbs = Math.max(maxAbs, Math.abs(want[i]));
  }
  return maxDiff / Math.max(maxAbs, 1e-12);
}

describe('wasm Conv2D gradient kernels', () => {
  const reference = new Map<string, Grads>();
  const poolReference = new Map<string, Float32Array>();
  const matMulReference: Float32Array[] = [];

  beforeAll(async () => {
    await useBackendForTest('cpu');
    CASES.forEach((c, i) => reference.set(c.name, convGrads(c, 1000 + i * 10)));
    POOL_CASES.forEach((c, i) => poolReference.set(c.name, poolGrad(c, 500 + i * 10)));
    MATMUL_CASES.forEach((c, i) => matMulReference.push(matMul(c, 300 + i * 10)));
    await useBackendForTest('wasm');
  });

  it('registers idempotently and can be undone', () => {
    registerWasmGradKernels();
    registerWasmGradKernels();
    expect(wasmGradKernelsRegistered()).toBe(true);
    const ours = tf.getKernel('Conv2DBackpropInput', 'wasm');
    const oursPool = tf.getKernel('MaxPoolGrad', 'wasm');
    const oursMatMul = tf.getKernel('BatchMatMul', 'wasm');
    unregisterWasmGradKernels();
    expect(wasmGradKernelsRegistered()).toBe(false);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeUndefined();
    expect(tf.getKernel('Conv2DBackpropInput', 'wasm')).not.toBe(ours);
    expect(tf.getKernel('MaxPoolGrad', 'wasm')).not.toBe(oursPool);
    expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(oursMatMul);
    registerWasmGradKernels();
    registerWasmGradKernels();
    expect(wasmGradKernelsRegistered()).toBe(true);
    expect(tf.getBackend()).toBe('wasm');
  });

  it.each(CASES.map((c, i) => [c.name, c, i] as const))('%s matches cpu (dx and dW)', (_n, c, i) => {
    const want = reference.get(c.name);
    if (want == null) throw new Error('missing reference');
    const got = convGrads(c, 1000 + i * 10);
    expect(relErr(got.dw, want.dw)).toBeLessThanOrEqual(1e-4);
    expect(relErr(got.dx, want.dx)).toBeLessThanOrEqual(1e-4);
  });

  it.each(POOL_CASES.map((c, i) => [c.name, c, i] as const))('MaxPoolGrad %s matches cpu', (_n, c, i) => {
    const want = poolReference.get(c.name);
    if (want == null) throw new Error('missing reference');
    expect(relErr(poolGrad(c, 500 + i * 10), want)).toBeLessThanOrEqual(1e-6);
  });

  it.each(MATMUL_CASES.map((c, i) => [JSON.stringify(c), c, i] as const))(
    'BatchMatMul %s matches cpu',
    (_n, c, i) => {
      expect(relErr(matMul(c, 300 + i * 10), matMulReference[i])).toBeLessThanOrEqual(1e-5);
    },
  );

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

  it('leaks neither tensors nor backend buffers', () => {
    const run = (): void => {
      for (const c of [CASES[1], CASES[3], CASES[7], CASES[9]]) convGrads(c, 7);
      for (const c of POOL_CASES) poolGrad(c, 7);
      for (const c of MATMUL_CASES) matMul(c, 7);
    };
    run(); // warm-up
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    run();
    run();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
  });
});

/** LeNet-5 (Caffe variant: no activation after the convs), NHWC, raw variables. */
interface LeNet {
  vars: tf.Variable[];
  logits: (x: tf.Tensor4D) => tf.Tensor2D;
}

function makeLeNet(seed: number): LeNet {
  const v = (shape: number[], s: number, scale: number): tf.Variable =>
    tf.variable(tf.mul(tf.tensor(seededValues(size(shape), s), shape), scale));
  const c1w = v([5, 5, 1, 20], seed, 0.2);
  const c1b = v([20], seed + 1, 0.01);
  const c2w = v([5, 5, 20, 50], seed + 2, 0.05);
  const c2b = v([50], seed + 3, 0.01);
  const f1w = v([800, 500], seed + 4, 0.05);
  const f1b = v([500], seed + 5, 0.01);
  const f2w = v([500, 10], seed + 6, 0.08);
  const f2b = v([10], seed + 7, 0.01);
  const logits = (x: tf.Tensor4D): tf.Tensor2D => {
    let h: tf.Tensor4D = tf.add(tf.conv2d(x, c1w as tf.Tensor4D, 1, 'valid'), c1b);
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.add(tf.conv2d(h, c2w as tf.Tensor4D, 1, 'valid'), c2b);
    h = tf.maxPool(h, 2, 2, 'valid');
    const flat = tf.reshape(h, [h.shape[0], 800]);
    const d1 = tf.relu(tf.add(tf.matMul(flat, f1w as tf.Tensor2D), f1b));
    return tf.add(tf.matMul(d1, f2w as tf.Tensor2D), f2b);
  };
  return { vars: [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b], logits };
}

function batch(n: number, seed: number): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const xs = tf.tensor4d(seededValues(n * 784, seed), [n, 28, 28, 1]);
  const labels = Array.from(seededValues(n, seed + 1), (u) => Math.floor((u + 1) * 5) % 10);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D;
  return { xs, ys };
}

describe('LeNet-5 training step on wasm', () => {
  afterAll(() => {
    tf.disposeVariables();
  });

  type LossFn = (ys: tf.Tensor2D, logits: tf.Tensor2D) => tf.Scalar;
  const LOSSES: [string, LossFn][] = [
    ['tf.losses.softmaxCrossEntropy', (ys, logits) => tf.losses.softmaxCrossEntropy(ys, logits)],
    [
      'softmax + clipped log (tf.layers style)',
      (ys, logits) => tf.neg(tf.mean(tf.sum(tf.mul(ys, tf.log(tf.clipByValue(tf.softmax(logits), 1e-7, 1))), -1))) as tf.Scalar,
    ],
  ];

  it.each(LOSSES)('variableGrads with %s matches cpu', async (_n, lossFn) => {
    const lossAndGrads = (): { loss: number; grads: Float32Array[] } => {
      const net = makeLeNet(42);
      const { xs, ys } = batch(8, 77);
      const { value, grads } = tf.variableGrads(() => lossFn(ys, net.logits(xs)), net.vars);
      const out = { loss: value.dataSync()[0], grads: net.vars.map((v) => grads[v.name].dataSync() as Float32Array) };
      tf.dispose([value, xs, ys, ...Object.values(grads), ...net.vars]);
      return out;
    };
    await useBackendForTest('cpu');
    const want = lossAndGrads();
    await useBackendForTest('wasm');
    const got = lossAndGrads();
    expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(want.loss)));
    got.grads.forEach((g, i) => expect(relErr(g, want.grads[i]), `variable #${i}`).toBeLessThanOrEqual(1e-4));
  });

  it('momentum SGD reduces the loss without leaking', async () => {
    await useBackendForTest('wasm');
    // A few optimizer steps on one batch; loss must go down, memory must stay flat.
    const net = makeLeNet(5);
    const { xs, ys } = batch(32, 9);
    const opt = tf.train.momentum(0.01, 0.9);
    const step = (): number => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, net.logits(xs)), true, net.vars);
      if (loss == null) throw new Error('no loss');
      const v = loss.dataSync()[0];
      loss.dispose();
      return v;
    };
    const first = step();
    const tensors = tf.memory().numTensors;
    const dataIds = tf.backend().numDataIds();
    let last = first;
    for (let i = 0; i < 8; i++) last = step();
    expect(last).toBeLessThan(first);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
    opt.dispose();
    tf.dispose([xs, ys, ...net.vars]);
  });

  it('tf.layers LeNet-5 trains on wasm (categoricalCrossentropy, momentum)', async () => {
    await useBackendForTest('wasm');
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 20, kernelSize: 5, padding: 'valid' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
        tf.layers.conv2d({ filters: 50, kernelSize: 5, padding: 'valid' }),
        tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 500, activation: 'relu' }),
        tf.layers.dense({ units: 10, activation: 'softmax' }),
      ],
    });
    model.compile({ optimizer: tf.train.momentum(0.01, 0.9), loss: 'categoricalCrossentropy' });
    const { xs, ys } = batch(32, 3);
    const first = (await model.trainOnBatch(xs, ys)) as number;
    let last = first;
    for (let i = 0; i < 5; i++) last = (await model.trainOnBatch(xs, ys)) as number;
    expect(Number.isFinite(last)).toBe(true);
    expect(last).toBeLessThan(first);
    tf.dispose([xs, ys]);
    model.dispose();
  });
});

describe.skipIf(!process.env.SPEED)('speed: LeNet-5 training throughput, batch 64', () => {
  const BATCH = 64;
  const STEPS = Number(process.env.SPEED_STEPS ?? 30);
  const CPU_STEPS = Number(process.env.SPEED_CPU_STEPS ?? 2);

  async function imagesPerSecond(label: string, steps: number, profile = false): Promise<number> {
    const net = makeLeNet(1);
    const { xs, ys } = batch(BATCH, 2);
    const opt = tf.train.momentum(0.01, 0.9);
    const step = (): void => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, net.logits(xs)), true, net.vars);
      loss?.dataSync();
      loss?.dispose();
    };
    step();
    step();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    const ms = performance.now() - t0;
    const ips = (BATCH * steps * 1000) / ms;
    console.log(`[speed] ${label}: ${ips.toFixed(0)} images/s (${(ms / steps).toFixed(1)} ms/step)`);
    if (profile) {
      const info = await tf.profile(() => {
        for (let i = 0; i < 5; i++) step();
      });
      const perKernel = new Map<string, number>();
      for (const k of info.kernels) {
        const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
        const t = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        perKernel.set(key, (perKernel.get(key) ?? 0) + t / 5);
      }
      const top = [...perKernel.entries()].sort((p, q) => q[1] - p[1]).slice(0, 15);
      console.log(top.map(([k, t]) => `${t.toFixed(2).padStart(7)} ms  ${k}`).join('\n'));
    }
    opt.dispose();
    tf.dispose([xs, ys, ...net.vars]);
    return ips;
  }

  it('wasm with PruneLab kernels vs wasm with only the missing dW kernel vs cpu', async () => {
    await useBackendForTest('wasm');
    const fast = await imagesPerSecond('wasm + all PruneLab kernels', STEPS, process.env.SPEED === 'profile');

    // Baseline: stock wasm kernels plus only the Conv2DBackpropFilter it lacks.
    const filterKernel = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    if (filterKernel == null) throw new Error('missing kernel');
    unregisterWasmGradKernels();
    tf.registerKernel(filterKernel);
    const stock = await imagesPerSecond('wasm stock kernels + dW only (MaxPoolGrad buggy!)', STEPS);
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    registerWasmGradKernels();

    await useBackendForTest('cpu');
    const cpu = await imagesPerSecond('cpu backend', CPU_STEPS);
    await useBackendForTest('wasm');
    expect(Math.min(fast, stock, cpu)).toBeGreaterThan(0);
  }, 600_000);
});
