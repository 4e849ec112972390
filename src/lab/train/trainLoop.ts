// The custom training loop (not model.fit): one optimizer step per mini-batch, an
// `afterStep` hook where pruning masks are re-applied, throttled progress, and stop at
// any step boundary, which leaves the weights consistent (a step is never half-applied).

import * as tf from '@tensorflow/tfjs';
import { batchCount, epochOrder } from '../data/batches';
import type { BatchSource } from './batchSource';

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
  /** Throughput since the previous report. */
  readonly imagesPerSec: number;
  readonly elapsedSec: number;
}

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
  readonly optimizer: tf.Optimizer;
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
  const start = now();
  let lastReport = start - interval; // report the first step at once
  let examplesSinceReport = 0;
  let step = 0;
  let examples = 0;
  let stopped = false;

  outer: for (let epoch = 0; epoch < opts.epochs; epoch++) {
    const order = epochOrder(data.count, opts.seed, epoch);
    for (const batch of data.batches(opts.batchSize, order)) {
      if (opts.signal?.aborted) {
        tf.dispose([batch.inputs, batch.labels]);
        stopped = true;
        break outer;
      }
      const report = now() - lastReport >= interval || step === totalSteps - 1;
      let acc: tf.Scalar | null = null;
      const loss = opts.optimizer.minimize(
        () => {
          const logits = model.apply(batch.inputs, { training: true }) as tf.Tensor2D;
          if (report) acc = tf.keep(logits.argMax(-1).equal(batch.labels).mean() as tf.Scalar);
          const oneHot = tf.oneHot(batch.labels, data.numClasses);
          return tf.losses.softmaxCrossEntropy(oneHot, logits) as tf.Scalar;
        },
        report,
        vars,
      );
      opts.afterStep?.();
      tf.dispose([batch.inputs, batch.labels]);
      step++;
      examples += batch.size;
      examplesSinceReport += batch.size;
      if (report && loss && acc) {
        const [lossValue, accValue] = await Promise.all([loss.data(), (acc as tf.Scalar).data()]);
        tf.dispose([loss, acc]);
        const t = now();
        opts.onProgress?.({
          epoch: epoch + 1,
          epochs: opts.epochs,
          batch: batch.index + 1,
          batches,
          step,
          totalSteps,
          loss: lossValue[0],
          accuracy: accValue[0],
          imagesPerSec: (examplesSinceReport * 1000) / Math.max(t - lastReport, 1e-3),
          elapsedSec: (t - start) / 1000,
        });
        lastReport = t;
        examplesSinceReport = 0;
        await yieldToEventLoop(); // lets a stop request arrive
      } else {
        tf.dispose([loss ?? [], acc ?? []]);
      }
    }
    await opts.onEpochEnd?.(epoch + 1);
  }
  const seconds = (now() - start) / 1000;
  return { stopped, steps: step, examples, seconds, imagesPerSec: examples / Math.max(seconds, 1e-9) };
}
