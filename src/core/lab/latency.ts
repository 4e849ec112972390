// Inference speed of a model on real examples, for comparing the dense and the compacted
// model (compact.ts). Inputs are copied to tensors before the clock starts, so only the
// forward pass and the read-back of its result are timed; the median of a few repeats is
// reported. Also: the largest output difference between two models on the same inputs.

import * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../train/batchSource';
import type { InferenceSpeed } from '../results/compact';

export interface SpeedOptions {
  readonly examples?: number;
  readonly batchSize?: number;
  readonly repeats?: number;
}

/** The first `examples` inputs of `source`, as tensors of `batchSize` rows (caller disposes). */
export function inputBatches(source: BatchSource, examples: number, batchSize: number): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  let taken = 0;
  for (const batch of source.batches(batchSize)) {
    tf.dispose(batch.labels);
    if (taken >= examples) {
      tf.dispose(batch.inputs);
      break;
    }
    const n = Math.min(batch.size, examples - taken);
    // Copy: a source may reuse the buffer behind its tensors for the next batch.
    out.push(tf.tidy(() => (n < batch.size ? batch.inputs.slice(0, n) : batch.inputs.clone())));
    tf.dispose(batch.inputs);
    taken += n;
  }
  return out;
}

async function forwardAll(model: tf.LayersModel, inputs: readonly tf.Tensor[]): Promise<void> {
  for (const x of inputs) {
    const y = model.predict(x) as tf.Tensor;
    await y.data();
    y.dispose();
  }
}

/** Forward-pass throughput of `model` on the first examples of `source` (one warm-up pass). */
export async function inferenceSpeed(model: tf.LayersModel, source: BatchSource, opts: SpeedOptions = {}): Promise<InferenceSpeed> {
  const batchSize = opts.batchSize ?? 256;
  const repeats = Math.max(1, opts.repeats ?? 3);
  const inputs = inputBatches(source, opts.examples ?? 2048, batchSize);
  try {
    const examples = inputs.reduce((s, x) => s + x.shape[0], 0);
    await forwardAll(model, inputs); // warm-up: kernels compiled, buffers allocated
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await forwardAll(model, inputs);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const medianMs = times[Math.floor(times.length / 2)];
    return { examples, batchSize, repeats, medianMs, imagesPerSec: (examples * 1000) / medianMs, msPerBatch: medianMs / inputs.length };
  } finally {
    tf.dispose(inputs);
  }
}

/** max |a(x) − b(x)| over the given inputs. */
export async function maxOutputDifference(a: tf.LayersModel, b: tf.LayersModel, inputs: readonly tf.Tensor[]): Promise<number> {
  let max = 0;
  for (const x of inputs) {
    const d = tf.tidy(() => (a.predict(x) as tf.Tensor).sub(b.predict(x) as tf.Tensor).abs().max());
    max = Math.max(max, (await d.data())[0]);
    d.dispose();
  }
  return max;
}
