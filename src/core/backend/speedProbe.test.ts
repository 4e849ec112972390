import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainingSpeed } from './speedProbe';

describe('trainingSpeed (start-up probe)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('times real training steps and leaves no tensor behind', async () => {
    await trainingSpeed({ batchSize: 4, minSteps: 1, maxSteps: 1 }); // warm-up: tfjs's own one-off tensors
    const before = tf.memory().numTensors;
    const r = await trainingSpeed({ batchSize: 8, minSteps: 2, maxSteps: 3, budgetMs: 1 });
    expect(r.steps).toBe(2); // the budget is spent after the first step, so minSteps decides
    expect(r.imagesPerSec).toBeCloseTo((2 * 8 * 1000) / r.ms, 6);
    expect(r.imagesPerSec).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops at maxSteps when the budget would allow more', async () => {
    const r = await trainingSpeed({ batchSize: 4, minSteps: 1, maxSteps: 3, budgetMs: 60_000 });
    expect(r.steps).toBe(3);
  });
});
