// Test-set evaluation: accuracy and mean cross-entropy, batched, with counts reduced on
// the device and one read-back per batch.

import * as tf from '@tensorflow/tfjs';
import type { BatchSource } from './batchSource';

export interface EvalResult {
  readonly accuracy: number;
  readonly loss: number;
  readonly correct: number;
  readonly count: number;
}

export interface EvalOptions {
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

export async function evaluate(model: tf.LayersModel, source: BatchSource, opts: EvalOptions = {}): Promise<EvalResult> {
  let correct = 0;
  let lossSum = 0;
  let count = 0;
  for (const batch of source.batches(opts.batchSize ?? 500)) {
    if (opts.signal?.aborted) {
      tf.dispose([batch.inputs, batch.labels]);
      throw new DOMException('evaluation stopped', 'AbortError');
    }
    const stats = tf.tidy(() => {
      const logits = model.predict(batch.inputs) as tf.Tensor2D;
      const hits = logits.argMax(-1).equal(batch.labels).sum();
      const oneHot = tf.oneHot(batch.labels, source.numClasses);
      const loss = tf.losses.softmaxCrossEntropy(oneHot, logits, undefined, undefined, tf.Reduction.SUM);
      return tf.stack([hits.cast('float32'), loss]);
    });
    tf.dispose([batch.inputs, batch.labels]);
    const [h, l] = await stats.data();
    stats.dispose();
    correct += h;
    lossSum += l;
    count += batch.size;
  }
  return { accuracy: count ? correct / count : 0, loss: count ? lossSum / count : 0, correct, count };
}
