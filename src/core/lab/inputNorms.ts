// Per-input-feature activation statistics for criteria that weigh a weight by what flows
// through it (criteria/criterion.ts, statistic 'inputs'): ‖x_j‖₂ of every input feature j of
// each prunable layer over a few seeded calibration batches of the training data (default
// 8 × 64, the gradient statistics' batches). Dense layers: one norm per input; conv layers:
// one per input channel, over every example and position. Runs the model's layers in order
// (a sequential chain), sums x² on the device and reads back once at the end.

import * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../train/batchSource';
import type { InputNorms } from '../criteria/criterion';
import { calibrationBatches, calibrationSize, type GradientOptions } from './calibration';
import { kernelVariables } from './gradients';

export interface InputNormStats extends InputNorms {
  /** Batches actually used, and the examples in them. */
  readonly batches: number;
  readonly examples: number;
}

/** ‖x_j‖₂ per input feature (channel) of each of `layers`, over calibration batches of `source`. */
export async function inputNorms(model: tf.LayersModel, layers: readonly string[], source: BatchSource, opts: GradientOptions = {}): Promise<InputNormStats> {
  calibrationSize(opts); // a bad batch count throws before any tensor is made
  // a kernel is [in, out] or [kh, kw, in, out]: one sum per input feature (channel)
  let sums: tf.Tensor[] = kernelVariables(model, layers).map((v) => tf.zeros([v.shape[v.shape.length - 2]]));
  let used = 0;
  let examples = 0;
  try {
    for await (const batch of calibrationBatches(source, opts)) {
      const next = tf.tidy(() => {
        const out = [...sums];
        let x: tf.Tensor = batch.inputs;
        for (const layer of model.layers) {
          const k = layers.indexOf(layer.name);
          if (k >= 0) out[k] = out[k].add(x.square().reshape([-1, out[k].shape[0]]).sum(0));
          x = layer.apply(x) as tf.Tensor;
        }
        return out;
      });
      tf.dispose(sums);
      sums = next;
      used++;
      examples += batch.size;
    }
    if (opts.signal?.aborted) throw new DOMException('input statistics stopped', 'AbortError');
    const norms = await Promise.all(sums.map(async (t) => Float32Array.from(await t.data(), Math.sqrt)));
    return { norms, batches: used, examples };
  } finally {
    tf.dispose(sums);
  }
}
