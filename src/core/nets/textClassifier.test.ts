import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bagOfWords } from '../data/imdb';
import { buildTextClassifier, textClassifierParams } from './textClassifier';
import { textProbability, type TextWeights } from './textForward';

const VOCAB = 10_002;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function weightsOf(model: tf.LayersModel): TextWeights {
  const v = model.getWeights().map((t) => t.dataSync() as Float32Array);
  return { embedding: v[0], fc1Kernel: v[1], fc1Bias: v[2], fc2Kernel: v[3], fc2Bias: v[4] };
}

function predict(model: tf.LayersModel, ids: number[]): number {
  return tf.tidy(() => {
    const x = tf.tensor2d(bagOfWords(ids, VOCAB), [1, VOCAB]);
    return tf.sigmoid(model.predict(x) as tf.Tensor).dataSync()[0];
  });
}

describe('IMDB text classifier', () => {
  it('has 1,020,601 parameters with a 10,002-word vocabulary, in the tutorial layer shapes', () => {
    const model = buildTextClassifier(1, VOCAB);
    expect(model.countParams()).toBe(1_020_601);
    expect(textClassifierParams(VOCAB)).toBe(1_020_601);
    expect(model.weights.map((w) => [w.originalName, w.shape])).toEqual([
      ['embedding/kernel', [VOCAB, 100]],
      ['fc1/kernel', [100, 200]],
      ['fc1/bias', [200]],
      ['fc2/kernel', [200, 1]],
      ['fc2/bias', [1]],
    ]);
    model.dispose();
  });

  it('averages over real tokens only: padding does not change the output', () => {
    const model = buildTextClassifier(2, VOCAB);
    const review = [17, 5, 940, 5, 1];
    const padded = [...review, 0, 0, 0, 0, 0, 0, 0];
    const p = predict(model, review);
    expect(predict(model, padded)).toBeCloseTo(p, 6);
    expect(predict(model, [0, 0, ...review])).toBeCloseTo(p, 6);
    // ...while a different real token does change it
    expect(Math.abs(predict(model, [...review, 17]) - p)).toBeGreaterThan(1e-6);
    model.dispose();
  });

  it('the plain-JS forward pass used by the try-it box equals the tf model', () => {
    const model = buildTextClassifier(3, VOCAB);
    const w = weightsOf(model);
    for (const ids of [[3, 4, 5], [9000, 9000, 2, 0, 0], [1], []]) {
      expect(textProbability(ids, w)).toBeCloseTo(predict(model, ids), 5);
    }
    model.dispose();
  });
});
