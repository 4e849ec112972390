// The calibration batches that the data-dependent criteria's statistics are gathered over
// (loss gradients, input norms): a seeded shuffle of the training set, at most `batches`
// mini-batches of `batchSize`, ending early when the signal aborts. One definition, so every
// statistic sees the same examples for the same seed.

import * as tf from '@tensorflow/tfjs';
import { epochOrder } from '../data/batches';
import { deriveSeed } from '../random';
import type { BatchSource, TensorBatch } from '../train/batchSource';
import { DEFAULT_GRADIENT_BATCHES, DEFAULT_GRADIENT_BATCH_SIZE } from '../criteria/criterion';

export interface GradientOptions {
  /** Mini-batches to average over (fewer if the data runs out). */
  readonly batches?: number;
  readonly batchSize?: number;
  /** Which examples: a seeded shuffle of the training set. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
}


/** The batch count and size `opts` asks for; throws a RangeError for fewer than one. */
export function calibrationSize(opts: GradientOptions): { readonly want: number; readonly batchSize: number } {
  const want = opts.batches ?? DEFAULT_GRADIENT_BATCHES;
  const batchSize = opts.batchSize ?? DEFAULT_GRADIENT_BATCH_SIZE;
  if (!(want >= 1) || !(batchSize >= 1)) throw new RangeError(`need at least one batch of one example, got ${want} × ${batchSize}`);
  return { want, batchSize };
}

/**
 * The calibration batches, one at a time; each is disposed when the loop body is done with it.
 * Yields to the event loop after each, so a stop request can arrive.
 */
export async function* calibrationBatches(source: BatchSource, opts: GradientOptions): AsyncGenerator<TensorBatch> {
  const { want, batchSize } = calibrationSize(opts);
  const order = epochOrder(source.count, deriveSeed(opts.seed ?? 1, 7919), 0);
  let used = 0;
  for (const batch of source.batches(batchSize, order)) {
    if (used >= want || opts.signal?.aborted) {
      tf.dispose([batch.inputs, batch.labels]);
      return;
    }
    try {
      yield batch;
    } finally {
      tf.dispose([batch.inputs, batch.labels]);
    }
    used++;
    await new Promise<void>((resolve) => setTimeout(resolve, 0)); // lets a stop request arrive
  }
}
