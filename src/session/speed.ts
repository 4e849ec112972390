// How fast this device trains and measures the lab's model, so the page can say how long
// training will take before the user commits to it: a few real optimizer steps on the first
// training examples with a throwaway copy of the model (the first pass pays for set-up and
// is not counted), and one timed pass of inference.

import type * as tf from '@tensorflow/tfjs';
import { firstExamples } from '../core/lab/subset';
import type { ModelSpec } from '../core/nets/registry';
import type { BatchSource } from '../core/train/batchSource';
import { evaluate } from '../core/train/evaluate';
import { createOptimizer } from '../core/train/optimizers';
import { trainModel } from '../core/train/trainLoop';

/** Batches timed (after one pass of warm-up). */
const PROBE_BATCHES = 6;

export async function probeSpeed(spec: ModelSpec, build: () => tf.LayersModel, train: BatchSource, test: BatchSource): Promise<{ itemsPerSec: number; inferPerSec: number }> {
  const batch = spec.defaults.batchSize;
  const subset = firstExamples(train, Math.min(train.count, batch * PROBE_BATCHES));
  const model = build();
  const optimizer = createOptimizer(spec.defaults);
  try {
    const options = { epochs: 1, batchSize: batch, seed: 1, optimizer, task: spec.task, progressIntervalMs: 1e9 };
    await trainModel(model, firstExamples(subset, batch), options); // warm-up: kernel and shader set-up
    const timed = await trainModel(model, subset, options);
    const t0 = performance.now();
    const probe = firstExamples(test, Math.min(test.count, 512));
    const measured = await evaluate(model, probe, { task: spec.task });
    const inferSeconds = (performance.now() - t0) / 1000;
    return { itemsPerSec: timed.imagesPerSec, inferPerSec: measured.count / Math.max(inferSeconds, 1e-6) };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
