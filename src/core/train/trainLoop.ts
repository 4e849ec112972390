// The custom training loop (not model.fit): one optimizer step per mini-batch, an
// `afterStep` hook where pruning masks are re-applied, throttled progress, and stop at
// any step boundary, which leaves the weights consistent (a step is never half-applied).
// The loop never waits for the device: per-step loss and accuracy stay on it as scalars
// and are read back asynchronously a few times a second (stepReadback.ts), so a GPU is
// kept busy. Optionally it takes CPU snapshots of the whole training state every so often
// (trainSnapshot.ts) and resumes from one, which is how a run survives a lost GPU device.

import * as tf from '@tensorflow/tfjs';
import { batchCount, epochOrder } from '../data/batches';
import type { BatchSource } from './batchSource';
import { StepReadback, type ReportContext } from './stepReadback';
import { softmaxTask, type Task } from './task';
import { captureSnapshot, RUN_START, type TrainCursor, type TrainSnapshot } from './trainSnapshot';
import { beat } from './heartbeat';
import type { TrainProgress } from '../results/training';
export type { TrainProgress } from '../results/training';

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
  /**
   * Called before the step with this index (the steps done so far) and awaited, e.g. to
   * recompute pruning masks from a read-back of the weights.
   */
  readonly beforeStep?: (step: number) => void | Promise<void>;
  /** Called after every optimizer step, e.g. to re-apply pruning masks. */
  readonly afterStep?: () => void;
  /** Clock in milliseconds (injectable for tests). */
  readonly now?: () => number;
  /** Start here instead of at the beginning (a snapshot's cursor, after a lost device). */
  readonly resumeFrom?: TrainCursor;
  /** Take a CPU snapshot of the training state at most this often (ms, after a step); none when absent. */
  readonly snapshotEveryMs?: number;
  /** Receives each snapshot once its read-back has arrived. */
  readonly onSnapshot?: (s: TrainSnapshot) => void;
}

export interface TrainResult {
  readonly stopped: boolean;
  /** Steps and examples of the whole run (those before `resumeFrom` included). */
  readonly steps: number;
  readonly examples: number;
  /** Time and throughput of this call. */
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
  const from = opts.resumeFrom ?? RUN_START;
  const start = now();
  let lastIssued = start - interval; // report the first step at once
  let lastEmitted = start;
  let examplesSinceReport = 0;
  let step = from.step;
  let examples = from.examples;
  let stopped = false;
  let lastSnapshot = start;
  let snapshotInFlight = false;

  const readback = new StepReadback((ctx: ReportContext, losses, accuracies) => {
    const t = ctx.issuedAt; // when the steps were queued: the device lags by at most two reports
    const n = losses.length;
    opts.onProgress?.({
      epoch: ctx.epoch,
      epochs: opts.epochs,
      batch: ctx.batch,
      batches,
      step: ctx.step,
      totalSteps,
      loss: losses[n - 1],
      accuracy: accuracies[n - 1],
      firstStep: ctx.step - n + 1,
      losses,
      accuracies,
      imagesPerSec: (ctx.examples * 1000) / Math.max(t - lastEmitted, 1e-3),
      elapsedSec: (t - start) / 1000,
      numTensors: tf.memory().numTensors,
    });
    lastEmitted = t;
  });

  const snapshot = async (cursor: TrainCursor) => {
    snapshotInFlight = true;
    lastSnapshot = now();
    const { done } = await captureSnapshot(model, opts.optimizer, cursor);
    done.then(
      (s) => opts.onSnapshot?.(s),
      () => undefined, // a lost device: the read-backs of the steps report it
    ).finally(() => (snapshotInFlight = false));
  };

  try {
    outer: for (let epoch = from.epoch; epoch < opts.epochs; epoch++) {
      const firstBatch = epoch === from.epoch ? from.batch : 0;
      if (firstBatch < batches) {
        const order = epochOrder(data.count, opts.seed, epoch);
        for (const batch of data.batches(opts.batchSize, order, firstBatch)) {
          if (batch.index < firstBatch || opts.signal?.aborted) {
            tf.dispose([batch.inputs, batch.labels]); // a source that cannot skip ahead, or a stop
            if (batch.index < firstBatch) continue;
            stopped = true;
            break outer;
          }
          if (opts.beforeStep) await opts.beforeStep(step);
          readback.check();
          const t = now();
          const report = t - lastIssued >= interval || batch.index === batches - 1; // always at epoch end
          if (report) lastIssued = t;
          let accuracy: tf.Scalar | null = null;
          const loss = opts.optimizer.minimize(
            () => {
              const logits = model.apply(batch.inputs, { training: true }) as tf.Tensor2D;
              accuracy = tf.keep(task.correct(logits, batch.labels).mean() as tf.Scalar);
              return task.loss(logits, batch.labels);
            },
            true,
            vars,
          );
          if (!loss || !accuracy) throw new Error('optimizer returned no loss');
          readback.push(accuracy, loss);
          opts.afterStep?.();
          tf.dispose([batch.inputs, batch.labels]);
          step++;
          beat();
          examples += batch.size;
          examplesSinceReport += batch.size;
          const cursor: TrainCursor = { epoch, batch: batch.index + 1, step, examples };
          if (opts.snapshotEveryMs !== undefined && !snapshotInFlight && now() - lastSnapshot >= opts.snapshotEveryMs) {
            await snapshot(cursor);
          }
          if (report) {
            await readback.report({ epoch: epoch + 1, batch: batch.index + 1, step, examples: examplesSinceReport, issuedAt: t });
            examplesSinceReport = 0;
            await yieldToEventLoop(); // lets a stop request arrive
          }
        }
      }
      await readback.flush(); // the epoch's last report has gone out before onEpochEnd
      await opts.onEpochEnd?.(epoch + 1);
    }
    await readback.flush();
  } catch (e) {
    readback.discard();
    throw e;
  }
  readback.discard(); // steps after the last report when stopped early
  const seconds = (now() - start) / 1000;
  const done = examples - from.examples;
  return { stopped, steps: step, examples, seconds, imagesPerSec: done / Math.max(seconds, 1e-9) };
}
