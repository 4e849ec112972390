// Checks the registration of PruneLab's wasm training kernels (idempotent, undoable),
// their memory hygiene, and that full LeNet-5 training steps run correctly on wasm and
// reproduce their weights bit for bit from the same seed.
// The per-kernel comparisons with the 'cpu' backend live next to the kernels in ./wasm/;
// the speed benchmark is in wasmGradKernels.speed.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from './testWasmSetup';
import { registerWasmGradKernels, unregisterWasmGradKernels, wasmGradKernelsRegistered } from './wasmGradKernels';
import { CASES, MATMUL_CASES, POOL_CASES, convGrads, matMul, poolGrad } from './wasm/testCases';
import { relErr } from './wasm/testHelpers';
import { batch, makeLeNet } from './wasm/testLenet';
import { lenetTrainingStep } from './speedProbe';

describe('wasm gradient kernels: registration and memory', () => {
  beforeAll(async () => {
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

  it('the app’s LeNet-5 step gives bit-identical weights run to run from the same seed', async () => {
    const train = async (): Promise<Float32Array[]> => {
      const probe = lenetTrainingStep(32);
      try {
        await probe.run(4);
        return probe.model.getWeights().map((w) => w.dataSync() as Float32Array);
      } finally {
        probe.dispose();
      }
    };
    const [first, second] = [await train(), await train()];
    expect(first.map((w) => Array.from(w))).toEqual(second.map((w) => Array.from(w)));
    expect(first.some((w) => w.some((v) => !Number.isFinite(v)))).toBe(false);
  });
});
