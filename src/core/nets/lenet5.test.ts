import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5, LENET5_PARAMS } from './lenet5';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LeNet-5', () => {
  it('has exactly 431,080 parameters in the Caffe layer shapes', () => {
    const model = buildLenet5(1);
    expect(model.countParams()).toBe(LENET5_PARAMS);
    expect(LENET5_PARAMS).toBe(431_080);
    const shapes = Object.fromEntries(model.weights.map((w) => [w.name, w.shape]));
    expect(shapes).toEqual({
      'conv1/kernel': [5, 5, 1, 20],
      'conv1/bias': [20],
      'conv2/kernel': [5, 5, 20, 50],
      'conv2/bias': [50],
      'fc1/kernel': [800, 500],
      'fc1/bias': [500],
      'fc2/kernel': [500, 10],
      'fc2/bias': [10],
    });
    expect(model.outputs[0].shape).toEqual([null, 10]);
    model.dispose();
  });

  it('is seeded: same seed ⇒ same weights, other seed ⇒ different, PyTorch default bounds', () => {
    const a = buildLenet5(7);
    const b = buildLenet5(7);
    const c = buildLenet5(8);
    const wa = a.getWeights()[0].dataSync();
    expect(Array.from(b.getWeights()[0].dataSync())).toEqual(Array.from(wa));
    expect(Array.from(c.getWeights()[0].dataSync())).not.toEqual(Array.from(wa));
    const fc1 = a.getWeights()[4].dataSync();
    const bound = 1 / Math.sqrt(800);
    let maxAbs = 0;
    for (const v of fc1) maxAbs = Math.max(maxAbs, Math.abs(v));
    expect(maxAbs).toBeLessThanOrEqual(bound);
    expect(maxAbs).toBeGreaterThan(bound * 0.99);
    [a, b, c].forEach((m) => m.dispose());
  });

  it('uses PyTorch-style random biases by default and offers He initialisation', () => {
    const m = buildLenet5(1);
    const fc2Bias = m.getWeights()[7].dataSync();
    let maxAbs = 0;
    for (const v of fc2Bias) maxAbs = Math.max(maxAbs, Math.abs(v));
    expect(maxAbs).toBeLessThanOrEqual(1 / Math.sqrt(500));
    expect(maxAbs).toBeGreaterThan(0);
    const he = buildLenet5(1, 'he');
    const fc1 = he.getWeights()[4].dataSync();
    let heMax = 0;
    for (const v of fc1) heMax = Math.max(heMax, Math.abs(v));
    expect(heMax).toBeGreaterThan(1 / Math.sqrt(800));
    expect(heMax).toBeLessThanOrEqual(Math.sqrt(6 / 800));
    expect(Array.from(he.getWeights()[5].dataSync()).every((b) => b === 0)).toBe(true);
    [m, he].forEach((x) => x.dispose());
  });
});
