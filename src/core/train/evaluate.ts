// Test-set evaluation: accuracy and mean cross-entropy, batched, with counts reduced on
// the device and one read-back per batch.

import * as tf from '@tensorflow/tfjs';
import { beat } from './heartbeat';
import { addToConfusion, emptyConfusion, predictedClasses, type ConfusionMatrix } from './confusion';
import type { BatchSource } from './batchSource';
import { softmaxTask, type Task } from './task';

export interface EvalResult {
  readonly accuracy: number;
  readonly loss: number;
  readonly correct: number;
  readonly count: number;
  /** Only when `confusion` was asked for. */
  readonly confusion?: ConfusionMatrix;
}

export interface EvalOptions {
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  /** Loss and correctness (default: softmax over the data's classes). */
  readonly task?: Task;
  /** Also count a confusion matrix (true × predicted class) over the set. */
  readonly confusion?: boolean;
}

export async function evaluate(model: tf.LayersModel, source: BatchSource, opts: EvalOptions = {}): Promise<EvalResult> {
  const task = opts.task ?? softmaxTask(source.numClasses);
  let correct = 0;
  let lossSum = 0;
  let count = 0;
  const confusion = opts.confusion ? emptyConfusion(Math.max(source.numClasses, 2)) : undefined;
  for (const batch of source.batches(opts.batchSize ?? 500)) {
    if (opts.signal?.aborted) {
      tf.dispose([batch.inputs, batch.labels]);
      throw new DOMException('evaluation stopped', 'AbortError');
    }
    const stats = tf.tidy(() => {
      const logits = model.predict(batch.inputs) as tf.Tensor2D;
      const hits = task.correct(logits, batch.labels).sum();
      const loss = task.loss(logits, batch.labels, tf.Reduction.SUM);
      const sums = tf.stack([hits, loss]);
      // [hits, loss, labels…, predictions…]: still one read-back per batch.
      return confusion ? tf.concat([sums, batch.labels.cast('float32'), predictedClasses(logits).cast('float32')]) : sums;
    });
    tf.dispose([batch.inputs, batch.labels]);
    const values = await stats.data();
    stats.dispose();
    const [h, l] = values;
    if (confusion) addToConfusion(confusion, values.subarray(2, 2 + batch.size), values.subarray(2 + batch.size));
    correct += h;
    lossSum += l;
    count += batch.size;
    beat();
  }
  return { accuracy: count ? correct / count : 0, loss: count ? lossSum / count : 0, correct, count, ...(confusion ? { confusion } : {}) };
}
