// The sparse kernels through tfjs (the Conv2D / _FusedMatMul overrides on the wasm backend) on
// a LeNet-5 whose layers keep 10 % of their weights (conv1 on the direct one-channel kernel): predictions equal the dense
// path's, the layers the rule picks run sparse, the speed report's ideal is the multiply-add
// ratio, and measuring leaves no tensor behind. No timing is asserted.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5 } from '../nets/lenet5';
import type { BatchSource } from '../train/batchSource';
import { measureSparseSpeed } from './sparseSpeed';
import { useBackendForTest } from './testWasmSetup';
import { kernelRuntime } from './wasm/kernels/instance';
import { setSparseKernelsEnabled, sparseWarmupCalls } from './wasm/sparseForm';
import { seededValues } from './wasm/testHelpers';

const N = 128;

function source(): BatchSource {
  return {
    count: N,
    numClasses: 10,
    *batches(batchSize: number) {
      for (let i = 0; i < N; i += batchSize) {
        const size = Math.min(batchSize, N - i);
        yield { inputs: tf.tensor4d(seededValues(size * 784, 9 + i), [size, 28, 28, 1]), labels: tf.zeros([size], 'int32'), size, index: i / batchSize };
      }
    },
  };
}

/** Keeps the largest-magnitude `keep` share of each kernel of `names`. */
function prune(model: tf.LayersModel, names: readonly string[], keep: number): void {
  for (const layer of model.layers.filter((l) => names.includes(l.name))) {
    const [w, b] = layer.getWeights();
    const v = w.dataSync() as Float32Array;
    const cut = Float32Array.from(v, Math.abs).sort()[Math.floor((1 - keep) * v.length)];
    const pruned = tf.tensor(v.map((x) => (Math.abs(x) >= cut ? x : 0)), w.shape);
    layer.setWeights([pruned, b]);
    pruned.dispose();
  }
}

describe('sparse kernels in a model', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await useBackendForTest('wasm');
    model = buildLenet5(3);
    prune(model, ['conv1', 'conv2', 'fc1', 'fc2'], 0.1);
  });

  /** Predictions on `x` with the dense kernels, then with the sparse ones once the forms exist, and the sparse calls of the latter. */
  function bothWays(x: tf.Tensor): { dense: number[]; sparse: number[]; sparseCalls: number; oneChannelCalls: number } {
    const run = () => Array.from(tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array));
    setSparseKernelsEnabled(false);
    const dense = run();
    setSparseKernelsEnabled(true);
    for (let i = sparseWarmupCalls(x.shape[0]) - 1; i > 0; i--) run();
    const rt = kernelRuntime(tf.backend());
    rt?.timeDrivers(true);
    const sparse = run();
    const sparseCalls = rt?.driverTimes().get('sp_fwd')?.calls ?? 0;
    const oneChannelCalls = rt?.driverTimes().get('sp1_fwd')?.calls ?? 0;
    rt?.timeDrivers(false);
    return { dense, sparse, sparseCalls, oneChannelCalls };
  }

  it('predicts exactly what the dense kernels predict', () => {
    const x = tf.tensor4d(seededValues(64 * 784, 5), [64, 28, 28, 1]);
    const { dense, sparse, sparseCalls, oneChannelCalls } = bothWays(x);
    x.dispose();
    expect(sparseCalls).toBe(6); // conv2, fc1, fc2 in each of predict's two batches of 32
    expect(oneChannelCalls).toBe(2); // conv1 on the direct one-channel kernel
    expect(sparse).toEqual(dense);
  });

  it('shows the right numbers while a layer moves between the dense and the sparse kernel', () => {
    const x = tf.tensor4d(seededValues(64 * 784, 6), [64, 28, 28, 1]);
    const fc1 = model.getLayer('fc1');
    const saved = fc1.getWeights().map((w) => w.clone());
    const before = tf.memory().numTensors;
    try {
      const calls: number[] = [];
      // fc1 above the break-even (dense), below it, above again, below with other values.
      for (const [keep, seed] of [[0.6, 11], [0.1, 12], [0.6, 13], [0.1, 14]]) {
        const w = seededValues(800 * 500, seed).map((v, i) => ((i * 7919) % 1000 < keep * 1000 ? v : 0));
        const t = tf.tensor2d(w, [800, 500]);
        fc1.setWeights([t, saved[1]]);
        t.dispose();
        const r = bothWays(x);
        expect(r.sparse).toEqual(r.dense);
        calls.push(r.sparseCalls);
      }
      expect(calls).toEqual([4, 6, 4, 6]); // fc1 on the sparse kernel exactly when it keeps at most the break-even share
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      fc1.setWeights(saved);
      tf.dispose(saved);
      x.dispose();
    }
  });

  it('reports each layer, its kernel choice and the multiply-add ideal, leaving no tensor behind', async () => {
    await measureSparseSpeed(model, source(), { batchSize: 64, repeats: 1 });
    const before = tf.memory().numTensors;
    const s = await measureSparseSpeed(model, source(), { batchSize: 64, repeats: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(s.examples).toBe(N);
    expect(s.layers.map((l) => [l.name, l.sparse])).toEqual([
      ['conv1', true],
      ['conv2', true],
      ['fc1', true],
      ['fc2', true],
    ]);
    const macs = [24 * 24 * 500, 8 * 8 * 25_000, 400_000, 5000];
    expect(s.layers.map((l) => l.macs)).toEqual(macs);
    const kept = s.layers.reduce((sum, l, i) => sum + (macs[i] * l.kept) / l.total, 0);
    expect(s.ideal).toBeCloseTo(macs.reduce((a, b) => a + b) / kept, 9);
    expect(s.layers[2].kept / s.layers[2].total).toBeCloseTo(0.1, 3);
    expect(s.measured).toBeGreaterThan(0);
  });
});
