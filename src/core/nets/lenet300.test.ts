import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_INFO } from '../models/catalog';
import { paramCount, pruneLists } from '../models/description';
import { modelCard } from '../models/modelCard';
import { getModelSpec } from './registry';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LeNet-300-100', () => {
  it('has 266,610 parameters in Han et al.’s 784-300-100-10 shapes, derived for its card', () => {
    const info = MODEL_INFO.lenet300;
    expect(paramCount(info)).toBe(266_610);
    const card = modelCard(info);
    expect(card.summary).toBe('LeNet-300-100: dense → dense → dense');
    expect(card.rows.map((r) => [r.name, r.what, r.params])).toEqual([
      ['fc1', 'dense 784 → 300, ReLU', 235_500],
      ['fc2', 'dense 300 → 100, ReLU', 30_100],
      ['fc3', 'dense 100 → 10', 1_010],
    ]);
    expect(pruneLists(info)).toEqual({ prunableLayers: ['fc1', 'fc2', 'fc3'], defaultInclude: ['fc1', 'fc2', 'fc3'], rowLayers: [], channelLayers: ['fc1', 'fc2'] });
    expect(info.defaults).toEqual({ epochs: 3, batchSize: 64, optimizer: 'sgd-momentum', learningRate: 0.01, momentum: 0.5 });
  });

  it('builds seeded with PyTorch default bounds and reads MNIST images [N, 28, 28, 1]', () => {
    const spec = getModelSpec('lenet300');
    const a = spec.build(1, 784);
    const b = spec.build(1, 784);
    const c = spec.build(2, 784);
    expect(a.countParams()).toBe(266_610);
    expect(a.weights.map((w) => [w.originalName, w.shape])).toEqual([
      ['fc1/kernel', [784, 300]],
      ['fc1/bias', [300]],
      ['fc2/kernel', [300, 100]],
      ['fc2/bias', [100]],
      ['fc3/kernel', [100, 10]],
      ['fc3/bias', [10]],
    ]);
    const wa = a.getWeights().map((t) => Array.from(t.dataSync()));
    expect(b.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(wa);
    expect(Array.from(c.getWeights()[0].dataSync())).not.toEqual(wa[0]);
    const bound = (fanIn: number) => 1 / Math.sqrt(fanIn);
    [784, 784, 300, 300, 100, 100].forEach((fanIn, i) => {
      const maxAbs = wa[i].reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      expect(maxAbs).toBeLessThanOrEqual(bound(fanIn));
      expect(maxAbs).toBeGreaterThan(bound(fanIn) * 0.9);
    });
    const out = tf.tidy(() => (a.predict(tf.zeros([3, 28, 28, 1])) as tf.Tensor).shape);
    expect(out).toEqual([3, 10]);
    [a, b, c].forEach((m) => m.dispose());
  });
});
