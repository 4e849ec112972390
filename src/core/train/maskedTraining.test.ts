import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tinyNet } from '../testing/fixtures';
import { maskStepHook } from './maskedTraining';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('maskStepHook', () => {
  it('rebuilds masks that zero the pruned weights after each step, and frees them', () => {
    const model = tinyNet(2);
    const n = model.getLayer('d1').getWeights()[0].size;
    const mask = Uint8Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
    const before = tf.memory().numTensors;
    const hook = maskStepHook(model, { layers: ['d1'], masks: [mask], others: new Map() })(0);
    hook.afterStep();
    const w = model.getLayer('d1').getWeights()[0].dataSync();
    expect(Array.from(w.subarray(0, n / 2)).every((v) => v === 0)).toBe(true);
    expect(Array.from(w.subarray(n / 2)).some((v) => v !== 0)).toBe(true);
    hook.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
