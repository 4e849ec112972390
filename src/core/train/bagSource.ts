// Adapts an IMDB TextSet to the BatchSource interface: each batch is a dense
// [batch, vocabSize] matrix of bag-of-words rows (see bagOfWords) plus int32 labels.
// Rows are built in one Float32Array kept per batch size, so an epoch allocates no
// per-batch feature arrays (a 500-review batch is 20 MB of floats).

import * as tf from '@tensorflow/tfjs';
import { bagOfWords, type TextSet } from '../data/imdb';
import type { BatchSource, TensorBatch } from './batchSource';

interface Scratch {
  readonly x: Float32Array;
  readonly labels: Int32Array;
  inUse: boolean;
}

/**
 * Batches of bag-of-words features. Like imageBatchSource, the tensors may share the
 * reused buffer (tfjs's cpu backend keeps the array it is given): use and dispose each
 * batch before asking for the next.
 */
export function bagBatchSource(set: TextSet): BatchSource {
  const V = set.vocabSize;
  const scratch = new Map<number, Scratch>();

  // One buffer per batch size; a second generator running at the same time gets its own.
  const acquire = (batchSize: number): Scratch => {
    const cached = scratch.get(batchSize);
    if (cached && !cached.inUse) return cached;
    const fresh = { x: new Float32Array(batchSize * V), labels: new Int32Array(batchSize), inUse: false };
    if (!cached) scratch.set(batchSize, fresh);
    return fresh;
  };

  return {
    count: set.count,
    numClasses: 2,
    *batches(batchSize: number, order?: Uint32Array, firstBatch = 0): Generator<TensorBatch> {
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new RangeError(`batch size ${batchSize} is not a positive integer`);
      }
      if (order && order.length < set.count) {
        throw new RangeError(`order has ${order.length} entries for ${set.count} reviews`);
      }
      const buf = acquire(batchSize);
      buf.inUse = true;
      try {
        for (let index = firstBatch, start = firstBatch * batchSize; start < set.count; start += batchSize, index++) {
          const size = Math.min(batchSize, set.count - start);
          for (let b = 0; b < size; b++) {
            const ex = order ? order[start + b] : start + b;
            if (ex >= set.count) throw new RangeError(`order entry ${start + b} is ${ex}, beyond ${set.count} reviews`);
            const ids = set.tokens.subarray(set.offsets[ex], set.offsets[ex + 1]);
            bagOfWords(ids, V, buf.x.subarray(b * V, (b + 1) * V));
            buf.labels[b] = set.labels[ex];
          }
          yield {
            inputs: tf.tensor2d(buf.x.subarray(0, size * V), [size, V]),
            labels: tf.tensor1d(buf.labels.subarray(0, size), 'int32'),
            size,
            index,
          };
        }
      } finally {
        buf.inUse = false;
      }
    },
  };
}
