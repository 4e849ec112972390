import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticSet, tinyNet } from '../testing/fixtures';
import { imageBatchSource } from './batchSource';
import { evaluate } from './evaluate';
import { addToConfusion, confusionAccuracy, emptyConfusion, predictedClasses } from './confusion';
import { topClasses } from '../inspect/topClasses';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('confusion matrix', () => {
  it('counts true × predicted pairs and derives accuracy from the diagonal', () => {
    const m = emptyConfusion(3);
    addToConfusion(m, [0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2]);
    expect(Array.from(m.counts)).toEqual([1, 1, 0, 0, 1, 0, 1, 0, 2]);
    expect(confusionAccuracy(m)).toBeCloseTo(4 / 6, 10);
    expect(() => addToConfusion(m, [3], [0])).toThrow(RangeError);
    expect(() => addToConfusion(m, [0, 1], [0])).toThrow(RangeError);
  });

  it('predicts argmax for softmax outputs and logit > 0 for a single logit', () => {
    const logits = tf.tensor2d([[0.1, 2, -1], [3, 0, 0]]);
    const binary = tf.tensor2d([[0.3], [-0.2], [0]]);
    const [a, b] = [predictedClasses(logits), predictedClasses(binary)];
    expect(Array.from(a.dataSync())).toEqual([1, 0]);
    expect(Array.from(b.dataSync())).toEqual([1, 0, 0]);
    tf.dispose([logits, binary, a, b]);
  });

  it('evaluate() with confusion agrees with its own accuracy and leaks no tensor', async () => {
    const model = tinyNet(2);
    const set = imageBatchSource(syntheticSet(70, 4));
    await evaluate(model, set, { confusion: true, batchSize: 32 }); // warm-up
    const before = tf.memory().numTensors;
    const r = await evaluate(model, set, { confusion: true, batchSize: 32 });
    expect(tf.memory().numTensors).toBe(before);
    if (!r.confusion) throw new Error('no confusion matrix');
    expect(r.confusion.classes).toBe(10);
    expect(r.confusion.counts.reduce((a, b) => a + b, 0)).toBe(70);
    expect(confusionAccuracy(r.confusion)).toBeCloseTo(r.accuracy, 10);
    const plain = await evaluate(model, set, { batchSize: 32 });
    expect(plain.confusion).toBeUndefined();
    expect(plain.accuracy).toBe(r.accuracy);
    model.dispose();
  });
});

describe('topClasses', () => {
  it('returns the k most probable classes, ties to the lower id', () => {
    expect(topClasses([0.1, 0.5, 0.1, 0.3], 3)).toEqual([
      { digit: 1, probability: 0.5 },
      { digit: 3, probability: 0.3 },
      { digit: 0, probability: 0.1 },
    ]);
  });
});
