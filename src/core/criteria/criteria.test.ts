// The built-in pruning criteria and their gradient statistics on a tiny hand-computable
// network: one dense unit, no bias, w = [1, −2], logistic loss, three examples seen one per batch.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchSource, TensorBatch } from '../train/batchSource';
import { binaryTask } from '../train/task';
import { gradientStats } from '../lab/gradients';
import { LIVE_FLOOR, type GradientMoments, type ScoreInput } from './criterion';
import { fisherScores } from './fisher';
import { criterionUnit, CRITERION_UNITS } from './index';
import { magnitudeScores } from './magnitude';
import { randomScores } from './random';
import { taylorScores } from './taylor';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sig = (z: number) => 1 / (1 + Math.exp(-z));
const X = [[1, 0], [0, 1], [1, 0]];
const Y = [1, 0, 0];

/** The three examples in the given order. */
const source: BatchSource = {
  count: 3,
  numClasses: 2,
  *batches(batchSize: number, order?: Uint32Array): Generator<TensorBatch> {
    const idx = order ? Array.from(order) : [0, 1, 2];
    for (let s = 0, index = 0; s < idx.length; s += batchSize, index++) {
      const part = idx.slice(s, s + batchSize);
      yield { inputs: tf.tensor2d(part.map((i) => X[i])), labels: tf.tensor1d(part.map((i) => Y[i]), 'int32'), size: part.length, index };
    }
  },
};

function tinyModel(): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ name: 'fc', inputShape: [2], units: 1, useBias: false })] });
  model.setWeights([tf.tensor2d([[1], [-2]])]);
  return model;
}

// ∂L/∂w = (σ(w·x) − y)·x per example: e0 → [σ(1) − 1, 0], e1 → [0, σ(−2)], e2 → [σ(1), 0].
const meanAbs = [((1 - sig(1)) + sig(1)) / 3, sig(-2) / 3];
const meanSq = [((1 - sig(1)) ** 2 + sig(1) ** 2) / 3, sig(-2) ** 2 / 3];

describe('gradient statistics', () => {
  it('averages |g| and g² over batches of one example (hand-computed), leaking nothing', async () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    const stats = await gradientStats(model, ['fc'], source, binaryTask, { batches: 8, batchSize: 1, seed: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(stats).toMatchObject({ batches: 3, examples: 3 });
    expect(stats.meanAbs[0][0]).toBeCloseTo(meanAbs[0], 6);
    expect(stats.meanAbs[0][1]).toBeCloseTo(meanAbs[1], 6);
    expect(stats.meanSq[0][0]).toBeCloseTo(meanSq[0], 6);
    expect(stats.meanSq[0][1]).toBeCloseTo(meanSq[1], 6);
    model.dispose();
  });

  it('uses the gradient of each batch mean, and stops after the requested batches', async () => {
    const model = tinyModel();
    const all = await gradientStats(model, ['fc'], source, binaryTask, { batches: 1, batchSize: 3 });
    // One batch of all three: g = mean of the per-example gradients.
    expect(all.meanAbs[0][0]).toBeCloseTo(Math.abs(sig(1) - 1 + sig(1)) / 3, 6);
    expect(all.meanSq[0][1]).toBeCloseTo((sig(-2) / 3) ** 2, 6);
    const two = await gradientStats(model, ['fc'], source, binaryTask, { batches: 2, batchSize: 1 });
    expect(two).toMatchObject({ batches: 2, examples: 2 });
    model.dispose();
  });

  it('stops on abort with an AbortError', async () => {
    const model = tinyModel();
    const abort = new AbortController();
    abort.abort();
    await expect(gradientStats(model, ['fc'], source, binaryTask, { signal: abort.signal })).rejects.toThrow(/stopped/);
    model.dispose();
  });
});

describe('criteria', () => {
  const w = Float32Array.from([1, -2]);
  it('taylor equals mean_b |w · g_b| = |w| · mean |g|, not |w · mean g|', () => {
    const t = taylorScores(w, Float32Array.from(meanAbs));
    expect(t[0]).toBeCloseTo(1 / 3, 6); // |σ(1) − 1| and |σ(1)| average to 1/3; |mean g| would give 0.231
    expect(t[1]).toBeCloseTo((2 * sig(-2)) / 3, 6);
  });

  it('fisher equals ½ · mean(g²) · w²', () => {
    const f = fisherScores(w, Float32Array.from(meanSq));
    expect(f[0]).toBeCloseTo(0.5 * meanSq[0] * 1, 6);
    expect(f[1]).toBeCloseTo(0.5 * meanSq[1] * 4, 6);
  });

  it('magnitude is |w|; random is seeded, in (0, 1], and 0 for weights already pruned', () => {
    expect(Array.from(magnitudeScores(w))).toEqual([1, 2]);
    const v = Float32Array.from([0.5, 0, -1, 2, 0, 3]);
    const a = randomScores(v, 7);
    expect(Array.from(randomScores(v, 7))).toEqual(Array.from(a));
    expect(Array.from(randomScores(v, 8))).not.toEqual(Array.from(a));
    expect([a[1], a[4]]).toEqual([0, 0]);
    for (const i of [0, 2, 3, 5]) expect(a[i] > 0 && a[i] <= 1).toBe(true);
  });

  it('taylor and fisher rank the zeros of a pruned checkpoint below every live weight, even one with no gradient', () => {
    // A dead unit's weights get gradient 0; an underflowing saliency is 0 too. Tied with the
    // checkpoint's zeros, they would be pruned in their place (sparsity above the rate).
    const v = Float32Array.from([0, 0.5, 0, 1e-30, -2]);
    const g = Float32Array.from([0.3, 0, 0.1, 1e-30, 0.2]);
    for (const s of [taylorScores(v, g), fisherScores(v, Float32Array.from(g, (x) => x * x))]) {
      expect([s[0], s[2]]).toEqual([0, 0]);
      expect(s[1]).toBe(LIVE_FLOOR);
      expect(s[3]).toBeGreaterThanOrEqual(LIVE_FLOOR);
      expect(s[4]).toBeGreaterThan(LIVE_FLOOR);
    }
    expect(new Float32Array([LIVE_FLOOR])[0]).toBe(LIVE_FLOOR); // exact in float32
  });

  it('each unit scores per layer and demands the statistics it names', () => {
    const kernels = [w, Float32Array.from([3])];
    const gradients: GradientMoments = { meanAbs: [Float32Array.from(meanAbs), Float32Array.from([0.5])], meanSq: [Float32Array.from(meanSq), Float32Array.from([0.25])] };
    const input = (g: GradientMoments | null): ScoreInput => ({ kernels, shapes: [[2, 1], [1, 1]], seed: 1, gradients: g, inputs: null });
    expect(criterionUnit('taylor').score(input(gradients))[1][0]).toBeCloseTo(1.5, 6);
    expect(criterionUnit('fisher').score(input(gradients))[1][0]).toBeCloseTo(0.5 * 0.25 * 9, 6);
    expect(() => criterionUnit('fisher').score(input(null))).toThrow(/needs gradient/);
    const r = criterionUnit('random').score(input(null));
    expect(r[0]).not.toEqual(r[1]);
    expect(Array.from(criterionUnit('magnitude').score(input(null))[0])).toEqual([1, 2]);
  });

  it('units have distinct ids and colours, and name the statistics their scores read', () => {
    expect(new Set(CRITERION_UNITS.map((u) => u.id)).size).toBe(CRITERION_UNITS.length);
    expect(new Set(CRITERION_UNITS.map((u) => u.tone)).size).toBe(CRITERION_UNITS.length);
    expect(CRITERION_UNITS.filter((u) => u.scoresAreMagnitudes).map((u) => u.id)).toEqual(['magnitude']);
    for (const u of CRITERION_UNITS) {
      const plain: ScoreInput = { kernels: [w], shapes: [[2, 1]], seed: 1, gradients: null, inputs: null };
      if (u.needs === 'weights') expect(u.score(plain)[0]).toHaveLength(2);
      else expect(() => u.score(plain)).toThrow(/needs/);
    }
  });
});
