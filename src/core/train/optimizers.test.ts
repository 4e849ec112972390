import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, momentumSGD } from './optimizers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('momentumSGD', () => {
  it('matches tf.train.momentum and leaves no tensor behind when disposed', () => {
    const v = tf.variable(tf.tensor1d([1, -2, 3]));
    const ref = tf.variable(tf.tensor1d([1, -2, 3]));
    const before = tf.memory().numTensors;
    const ours = momentumSGD(0.1, 0.5);
    const theirs = tf.train.momentum(0.1, 0.5);
    for (let i = 0; i < 3; i++) {
      ours.minimize(() => v.square().sum() as tf.Scalar, false, [v]);
      theirs.minimize(() => ref.square().sum() as tf.Scalar, false, [ref]);
    }
    expect(Array.from(v.dataSync())).toEqual(Array.from(ref.dataSync()));
    ours.dispose();
    theirs.dispose();
    // tfjs's own optimizer leaks exactly its learning-rate scalar; ours leaks nothing.
    expect(tf.memory().numTensors).toBe(before + 1);
    v.dispose();
    ref.dispose();
  });

  it('creates Adam or momentum SGD, and neither leaks after use', () => {
    const v = tf.variable(tf.tensor1d([1, -2, 3]));
    for (const optimizer of ['adam', 'sgd-momentum'] as const) {
      const before = tf.memory().numTensors;
      const opt = createOptimizer({ optimizer, learningRate: 0.01, momentum: 0.5 });
      for (let i = 0; i < 3; i++) opt.minimize(() => v.square().sum() as tf.Scalar, false, [v]);
      opt.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
    v.dispose();
  });
});
