import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { syntheticSet, tinyNet } from '../testing/fixtures';
import { imageBatchSource } from './batchSource';
import { evaluate } from './evaluate';
import { trainModel, type TrainProgress } from './trainLoop';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('trainModel', () => {
  it('learns a separable task, reports throttled progress, and evaluates', async () => {
    const model = tinyNet(3);
    const train = imageBatchSource(syntheticSet(96, 1));
    const test = imageBatchSource(syntheticSet(32, 2));
    const progress: TrainProgress[] = [];
    const epochsSeen: number[] = [];
    let clock = 0;
    const result = await trainModel(model, train, {
      epochs: 2,
      batchSize: 32,
      seed: 1,
      optimizer: tf.train.momentum(0.05, 0.5),
      now: () => (clock += 60),
      onProgress: (p) => progress.push(p),
      onEpochEnd: (e) => void epochsSeen.push(e),
    });
    expect(result.stopped).toBe(false);
    expect(result.steps).toBe(6);
    expect(result.examples).toBe(192);
    expect(epochsSeen).toEqual([1, 2]);
    // 60 ms per clock tick, 100 ms interval ⇒ not every step is reported, but the last is.
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.length).toBeLessThan(6);
    expect(progress.at(-1)?.step).toBe(6);
    // Every step's loss reaches the reports exactly once, in order.
    expect(progress.flatMap((p) => Array.from(p.losses, (_, i) => p.firstStep + i))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(progress.every((p) => p.losses.length === p.accuracies.length && p.losses.at(-1) === p.loss)).toBe(true);
    expect(progress.every((p) => Number.isFinite(p.loss) && p.imagesPerSec > 0)).toBe(true);
    const ev = await evaluate(model, test, { batchSize: 10 });
    expect(ev.count).toBe(32);
    expect(ev.accuracy).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('stops at a step boundary when aborted', async () => {
    const model = tinyNet(4);
    const controller = new AbortController();
    const result = await trainModel(model, imageBatchSource(syntheticSet(64, 3)), {
      epochs: 5,
      batchSize: 8,
      seed: 1,
      optimizer: tf.train.sgd(0.01),
      progressIntervalMs: 0,
      onProgress: (p) => {
        if (p.step === 3) controller.abort();
      },
      signal: controller.signal,
    });
    expect(result.stopped).toBe(true);
    expect(result.steps).toBe(3);
    model.dispose();
  });

  it('leaks no tensors across training steps and an evaluation after warm-up', async () => {
    const model = tinyNet(5);
    const optimizer = tf.train.momentum(0.01, 0.5);
    const train = imageBatchSource(syntheticSet(48, 4));
    const test = imageBatchSource(syntheticSet(20, 5));
    const run = async () => {
      await trainModel(model, train, { epochs: 1, batchSize: 16, seed: 2, optimizer, progressIntervalMs: 0 });
      await evaluate(model, test, { batchSize: 8 });
    };
    await run(); // warm-up creates the optimizer's momentum slots
    const before = tf.memory().numTensors;
    await run();
    await run();
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    model.dispose();
  });
});

describe('trainModel read-backs', () => {
  it('reads loss and accuracy back once per report, never once per step', async () => {
    const model = tinyNet(6);
    const optimizer = tf.train.sgd(0.01);
    const data = vi.spyOn(tf.Tensor.prototype, 'data');
    const progress: TrainProgress[] = [];
    try {
      await trainModel(model, imageBatchSource(syntheticSet(96, 7)), {
        epochs: 2,
        batchSize: 8,
        seed: 1,
        optimizer,
        progressIntervalMs: 1e9, // the first step, then only the reports at the two epoch ends
        onProgress: (p) => progress.push(p),
      });
      expect(progress.map((p) => [p.firstStep, p.step])).toEqual([
        [1, 1],
        [2, 12],
        [13, 24],
      ]);
      expect(data).toHaveBeenCalledTimes(3);
    } finally {
      data.mockRestore();
      optimizer.dispose();
      model.dispose();
    }
  });
});
