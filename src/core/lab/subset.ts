// The first n examples of a batch source, as a batch source: sweeps and sensitivity
// analyses in the browser measure on a test subset to stay quick (the full test set is
// one evaluation per point).

import * as tf from '@tensorflow/tfjs';
import type { BatchSource, TensorBatch } from '../train/batchSource';

export function firstExamples(source: BatchSource, n: number): BatchSource {
  const count = Math.max(0, Math.min(Math.floor(n), source.count));
  if (count === source.count) return source;
  return {
    count,
    numClasses: source.numClasses,
    *batches(batchSize: number, order?: Uint32Array): Generator<TensorBatch> {
      // Indices beyond the subset are dropped from a given order; without one, file order.
      const sub = order ? Uint32Array.from(Array.from(order).filter((i) => i < count)) : undefined;
      let taken = 0;
      for (const batch of source.batches(batchSize, sub && padOrder(sub, source.count, count))) {
        if (taken >= count) {
          tf.dispose([batch.inputs, batch.labels]);
          return;
        }
        const size = Math.min(batch.size, count - taken);
        taken += size;
        if (size === batch.size) {
          yield batch;
          continue;
        }
        const cut = tf.tidy(() => ({ inputs: batch.inputs.slice(0, size), labels: batch.labels.slice(0, size) }));
        tf.dispose([batch.inputs, batch.labels]);
        yield { inputs: cut.inputs, labels: cut.labels, size, index: batch.index };
      }
    },
  };
}

/** An order over the full source that visits the subset's order first (the rest is never reached). */
function padOrder(sub: Uint32Array, total: number, count: number): Uint32Array {
  const out = new Uint32Array(total);
  out.set(sub);
  for (let i = count, j = sub.length; j < total; i++, j++) out[j] = i;
  return out;
}
