// Training with a full test-set evaluation after every epoch, for the measurement
// scripts: timestamped progress lines and one record per epoch (time, throughput,
// test accuracy and loss).
// Why this file exists: the per-epoch bookkeeping (training time measured without the
// evaluation, then the evaluation timed on its own) is independent of what a script does
// with the trained model afterwards.
import type * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../../../src/core/train/batchSource';
import { evaluate } from '../../../src/core/train/evaluate';
import type { Task } from '../../../src/core/train/task';
import { trainModel, type TrainResult } from '../../../src/core/train/trainLoop';
import { pct } from './seedStats';

export interface EpochRecord {
  readonly epoch: number;
  readonly trainSeconds: number;
  readonly imagesPerSec: number;
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly evalSeconds: number;
}

export interface EpochTrainingOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly optimizer: tf.Optimizer;
  readonly task: Task;
  readonly log: (line: string) => void;
}

/** Trains `model` on `train`, evaluating on `test` after each epoch. */
export async function trainWithEpochEvaluation(
  model: tf.LayersModel,
  train: BatchSource,
  test: BatchSource,
  o: EpochTrainingOptions,
): Promise<{ result: TrainResult; epochRecords: EpochRecord[] }> {
  const { log } = o;
  const epochRecords: EpochRecord[] = [];
  let epochStart = performance.now();
  const result = await trainModel(model, train, {
    epochs: o.epochs,
    batchSize: o.batchSize,
    seed: o.seed,
    optimizer: o.optimizer,
    task: o.task,
    progressIntervalMs: 30000,
    onProgress: (p) =>
      log(`  epoch ${p.epoch} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ${p.imagesPerSec.toFixed(0)} img/s`),
    onEpochEnd: async (epoch) => {
      const trainSeconds = (performance.now() - epochStart) / 1000;
      const evalStart = performance.now();
      const ev = await evaluate(model, test, { task: o.task });
      const evalSeconds = (performance.now() - evalStart) / 1000;
      epochRecords.push({
        epoch,
        trainSeconds,
        imagesPerSec: train.count / trainSeconds,
        testAccuracy: ev.accuracy,
        testLoss: ev.loss,
        evalSeconds,
      });
      log(
        `epoch ${epoch}: ${trainSeconds.toFixed(1)} s (${(train.count / trainSeconds).toFixed(0)} img/s), ` +
          `test accuracy ${pct(ev.accuracy)} (loss ${ev.loss.toFixed(4)}, eval ${evalSeconds.toFixed(1)} s)`,
      );
      epochStart = performance.now();
    },
  });
  return { result, epochRecords };
}
