import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer, learningRateAt, momentumSGD } from './optimizers';

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

describe('SolverSGD (weight decay and the inv policy)', () => {
  it('takes a hand-computed first and second step', () => {
    // loss = sum(w²): g = 2w. w0 = 1, λ = 0.1, m = 0.9, base 0.5, inv γ = 1, power 1:
    // step 0: lr 0.5, g' = 2 + 0.1 = 2.1, v = 2.1, w = 1 − 1.05 = −0.05
    // step 1: lr 0.25, g' = −0.1 − 0.005 = −0.105, v = 0.9·2.1 − 0.105 = 1.785, w = −0.05 − 0.44625 = −0.49625
    const v = tf.variable(tf.tensor1d([1]));
    const before = tf.memory().numTensors;
    const opt = createOptimizer({ optimizer: 'sgd-momentum', learningRate: 0.5, momentum: 0.9, weightDecay: 0.1, lrPolicy: { policy: 'inv', gamma: 1, power: 1 } });
    opt.minimize(() => v.square().sum() as tf.Scalar, false, [v]);
    expect(v.dataSync()[0]).toBeCloseTo(-0.05, 6);
    opt.minimize(() => v.square().sum() as tf.Scalar, false, [v]);
    expect(v.dataSync()[0]).toBeCloseTo(-0.49625, 6);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    v.dispose();
  });

  it('follows Caffe inv: 0.01 · (1 + 1e-4 · it)^−0.75', () => {
    expect(learningRateAt(0.01, { policy: 'inv', gamma: 1e-4, power: 0.75 }, 0)).toBe(0.01);
    expect(learningRateAt(0.01, { policy: 'inv', gamma: 1e-4, power: 0.75 }, 10000)).toBeCloseTo(0.01 * 2 ** -0.75, 12);
  });
});
