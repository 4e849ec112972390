import { describe, expect, it } from 'vitest';
import type { TrainProgress } from '../core/train/trainLoop';
import { denseAccuracy, INITIAL_LAB_STATE, labReducer, MAX_CURVE_POINTS, type LabState } from './labState';

function progress(firstStep: number, n: number, batches = 10): TrainProgress {
  const losses = Float32Array.from({ length: n }, (_, i) => 2 - (firstStep + i) * 0.001);
  const accuracies = Float32Array.from({ length: n }, () => 0.5);
  const step = firstStep + n - 1;
  return {
    epoch: Math.ceil(step / batches),
    epochs: 1000,
    batch: ((step - 1) % batches) + 1,
    batches,
    step,
    totalSteps: 10000,
    loss: losses[n - 1],
    accuracy: 0.5,
    firstStep,
    losses,
    accuracies,
    imagesPerSec: 100,
    elapsedSec: 1,
    numTensors: 20,
  };
}

describe('labReducer', () => {
  it('goes loading → ready → training → ready with the dense accuracy', () => {
    let s: LabState = labReducer(INITIAL_LAB_STATE, {
      type: 'dataReady',
      dataset: 'MNIST',
      train: 512,
      test: 256,
      fullTrain: 60000,
      fullTest: 10000,
    });
    expect(s.phase).toBe('ready');
    s = labReducer(s, { type: 'trainStart', kind: 'train', epochs: 1, totalSteps: 8, params: 431080 });
    expect(s.phase).toBe('training');
    s = labReducer(s, { type: 'trainProgress', progress: progress(1, 3) });
    expect(s.runs.train.curve.map((p) => p.x)).toEqual([0.1, 0.2, 0.3]);
    s = labReducer(s, { type: 'evaluating' });
    expect(s.phase).toBe('evaluating');
    s = labReducer(s, { type: 'trainDone', kind: 'train', stopped: false, seconds: 2, imagesPerSec: 256, testAccuracy: 0.9 });
    expect(s.phase).toBe('ready');
    expect(denseAccuracy(s)).toBe(0.9);
    expect(s.runs.train.result?.stopped).toBe(false);
  });

  it('keeps every step until the series is long, then thins it but keeps the latest point', () => {
    let s = labReducer(INITIAL_LAB_STATE, { type: 'requestTrain' });
    for (let first = 1; first <= 2000; first += 50) s = labReducer(s, { type: 'trainProgress', progress: progress(first, 50) });
    const curve = s.runs.train.curve;
    expect(curve.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
    expect(curve.length).toBeGreaterThan(MAX_CURVE_POINTS / 2);
    expect(curve.at(-1)?.x).toBeCloseTo(200);
    const xs = curve.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it('treats data and backend errors as fatal, training errors as recoverable', () => {
    const ready = labReducer(INITIAL_LAB_STATE, {
      type: 'dataReady',
      dataset: 'MNIST',
      train: 1,
      test: 1,
      fullTrain: 1,
      fullTest: 1,
    });
    expect(labReducer(INITIAL_LAB_STATE, { type: 'error', stage: 'data', message: 'x' }).phase).toBe('error');
    const afterTrainError = labReducer(ready, { type: 'error', stage: 'train', message: 'boom' });
    expect(afterTrainError).toMatchObject({ phase: 'ready', error: 'boom' });
    expect(labReducer(afterTrainError, { type: 'dismissError' }).error).toBeNull();
  });
});
