import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryTask, softmaxTask } from './task';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('tasks', () => {
  it('softmax: cross-entropy and argmax correctness', () => {
    const logits = tf.tensor2d([[2, 0, 0], [0, 0, 3]]);
    const labels = tf.tensor1d([0, 1], 'int32');
    const t = softmaxTask(3);
    const expected = (-Math.log(Math.exp(2) / (Math.exp(2) + 2)) - Math.log(1 / (2 + Math.exp(3)))) / 2;
    expect(t.loss(logits, labels).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(Array.from(t.correct(logits, labels).dataSync())).toEqual([1, 0]);
  });

  it('binary: logistic loss on one logit and sign correctness', () => {
    const logits = tf.tensor2d([[1.5], [-0.5], [0.2]]);
    const labels = tf.tensor1d([1, 1, 0], 'int32');
    const sig = (x: number) => 1 / (1 + Math.exp(-x));
    const expected = -(Math.log(sig(1.5)) + Math.log(sig(-0.5)) + Math.log(1 - sig(0.2))) / 3;
    expect(binaryTask.loss(logits, labels).dataSync()[0]).toBeCloseTo(expected, 5);
    expect(binaryTask.loss(logits, labels, tf.Reduction.SUM).dataSync()[0]).toBeCloseTo(3 * expected, 4);
    expect(Array.from(binaryTask.correct(logits, labels).dataSync())).toEqual([1, 0, 0]);
  });
});
