// Adapts a dataset to tensors one mini-batch at a time. The training loop and the
// evaluator see only this interface, so new datasets plug in without touching them.

import * as tf from '@tensorflow/tfjs';
import { iterateBatches, itemSize, type ImageSet } from '../data/batches';

export interface TensorBatch {
  readonly inputs: tf.Tensor;
  readonly labels: tf.Tensor1D;
  readonly size: number;
  /** Position of the batch within the epoch, from 0. */
  readonly index: number;
}

export interface BatchSource {
  readonly count: number;
  readonly numClasses: number;
  /**
   * Yields batches whose tensors the caller must dispose, from batch `firstBatch` on
   * (default 0; a source may ignore it and yield earlier batches, which the caller skips).
   */
  batches(batchSize: number, order?: Uint32Array, firstBatch?: number): Generator<TensorBatch>;
}

export function imageBatchSource(set: ImageSet): BatchSource {
  return {
    count: set.count,
    numClasses: set.numClasses,
    *batches(batchSize: number, order?: Uint32Array, firstBatch = 0) {
      for (const b of iterateBatches(set, batchSize, order)) {
        if (b.index < firstBatch) continue; // only its normalisation was done: no tensors
        if (b.size * itemSize(set) !== b.x.length) throw new Error('batch size mismatch');
        yield {
          inputs: tf.tensor4d(b.x, [b.size, set.height, set.width, set.channels]),
          labels: tf.tensor1d(b.labels, 'int32'),
          size: b.size,
          index: b.index,
        };
      }
    },
  };
}
