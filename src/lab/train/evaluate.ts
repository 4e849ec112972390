// Test-set evaluation: accuracy and mean cross-entropy, batched, with counts reduced on
// the device and one read-back per batch.

import * as tf from '@tensorflow/tfjs';
import type { BatchSource } from './batchSource';
import { softmaxTask, type Task } from './task';

export interface EvalResult {
  readonly accuracy: number;
  readonly loss: number;
  readonly correct: number;
  readonly count: number;
}

export interface EvalOptions {
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Loss and correctness (default: softmax over the data's classes). */
  readonly task?: Task;
}

export async function evaluate(model: tf.LayersModel, source: BatchSource, opts: EvalOptions = {}): Promise<EvalResult> {
  const task = opts.task ?? softmaxTask(source.numClasses);
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
      const hits = task.correct(logits, batch.labels).sum();
      const loss = task.loss(logits, batch.labels, tf.Reduction.SUM);
      return tf.stack([hits, loss]);
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
