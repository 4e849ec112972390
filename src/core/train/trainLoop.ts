// The custom training loop (not model.fit): one optimizer step per mini-batch, an
// `afterStep` hook where pruning masks are re-applied, throttled progress, and stop at
// any step boundary, which leaves the weights consistent (a step is never half-applied).
// Per-step loss and accuracy stay on the device as scalars and are read back together at
// each report: full-resolution curves with one GPU sync per report, not one per step.

import * as tf from '@tensorflow/tfjs';
import { batchCount, epochOrder } from '../data/batches';
import type { BatchSource } from './batchSource';
import { softmaxTask, type Task } from './task';

export interface TrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly step: number;
  readonly totalSteps: number;
  /** Loss and accuracy of the most recent mini-batch. */
  readonly loss: number;
  readonly accuracy: number;
  /** Loss and accuracy of every step since the previous report (steps firstStep…step). */
  readonly firstStep: number;
  readonly losses: Float32Array;
  readonly accuracies: Float32Array;
  /** Throughput since the previous report. */
  readonly imagesPerSec: number;
  readonly elapsedSec: number;
  /** Live tensors in the worker's tfjs engine at this report. */
  readonly numTensors: number;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly optimizer: tf.Optimizer;
  /** Loss and correctness (default: softmax over the data's classes). */
  readonly task?: Task;
  readonly signal?: AbortSignal;
  /** Minimum time between progress reports (default 100 ms ⇒ ≤ 10 per second). */
  readonly progressIntervalMs?: number;
  readonly onProgress?: (p: TrainProgress) => void;
  /** Called after each completed epoch (e.g. to evaluate); may be async. */
  readonly onEpochEnd?: (epoch: number) => void | Promise<void>;
  /** Called after every optimizer step, e.g. to re-apply pruning masks. */
  readonly afterStep?: () => void;
  /** Clock in milliseconds (injectable for tests). */
  readonly now?: () => number;
}

export interface TrainResult {
  readonly stopped: boolean;
  readonly steps: number;
  readonly examples: number;
  readonly seconds: number;
  readonly imagesPerSec: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function trainModel(model: tf.LayersModel, data: BatchSource, opts: TrainOptions): Promise<TrainResult> {
  const now = opts.now ?? (() => performance.now());
  const interval = opts.progressIntervalMs ?? 100;
  const batches = batchCount(data.count, opts.batchSize);
  const totalSteps = batches * opts.epochs;
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const task = opts.task ?? softmaxTask(data.numClasses);
  const start = now();
  let lastReport = start - interval; // report the first step at once
  let examplesSinceReport = 0;
  let step = 0;
  let examples = 0;
  let stopped = false;
  let pending: tf.Scalar[] = []; // per-step [accuracy, loss] scalars not yet read back

  outer: for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = epochOrder(data.count, opts.seed, epoch);
    for (const batch of data.batches(opts.batchSize, order)) {
      if (opts.signal?.aborted) {
        tf.dispose([batch.inputs, batch.labels]);
        stopped = true;
        break outer;
      }
      const report = now() - lastReport >= interval || batch.index === batches - 1; // always at epoch end
      const loss = opts.optimizer.minimize(
        () => {
          const logits = model.apply(batch.inputs, { training: true }) as tf.Tensor2D;
          pending.push(tf.keep(task.correct(logits, batch.labels).mean() as tf.Scalar));
          return task.loss(logits, batch.labels);
        },
        true,
        vars,
      );
      if (!loss) throw new Error('optimizer returned no loss');
      pending.push(loss);
      opts.afterStep?.();
      tf.dispose([batch.inputs, batch.labels]);
      step++;
      examples += batch.size;
      examplesSinceReport += batch.size;
      if (report) {
        const stacked = tf.stack(pending); // [acc0, loss0, acc1, loss1, …]
        const values = await stacked.data();
        tf.dispose([stacked, ...pending]);
        const n = pending.length / 2;
        pending = [];
        const losses = new Float32Array(n);
        const accuracies = new Float32Array(n);
        for (let i = 0; i < n; i++) {
          accuracies[i] = values[2 * i];
          losses[i] = values[2 * i + 1];
        }
        const t = now();
        opts.onProgress?.({
          epoch: epoch + 1,
          epochs: opts.epochs,
          batch: batch.index + 1,
          batches,
          step,
          totalSteps,
          loss: losses[n - 1],
          accuracy: accuracies[n - 1],
          firstStep: step - n + 1,
          losses,
          accuracies,
          imagesPerSec: (examplesSinceReport * 1000) / Math.max(t - lastReport, 1e-3),
          elapsedSec: (t - start) / 1000,
          numTensors: tf.memory().numTensors,
        });
        lastReport = t;
        examplesSinceReport = 0;
        await yieldToEventLoop(); // lets a stop request arrive
      }
    }
    await opts.onEpochEnd?.(epoch + 1);
  }
  tf.dispose(pending); // steps after the last report when stopped early
  const seconds = (now() - start) / 1000;
  return { stopped, steps: step, examples, seconds, imagesPerSec: examples / Math.max(seconds, 1e-9) };
}
