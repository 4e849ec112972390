// The speed readout's measurement as the lab session runs it: the model on screen (its masks
// written first) timed on the test set with the sparse kernels and without, and on request the
// speed-against-sparsity curve. A long job: Stop ends it, the slider waits for it, and the
// model's weights are what they were when it returns.

import * as tf from '@tensorflow/tfjs';
import { measureSparseSpeed } from '../core/backend/sparseSpeed';
import { speedCurve } from '../core/backend/speedCurve';
import { currentKernelPath, kernelRuntime } from '../core/backend/wasm/kernels/instance';
import { inputBatches } from '../core/lab/latency';
import type { SpeedReport } from '../protocol/results';
import type { LabSession } from './labSession';

/** Test images timed per pass (the readout's figure; the bench times the whole set). */
const SPEED_EXAMPLES = 2000;
/** Images in the batch the curve's layers are timed on. */
const CURVE_BATCH = 256;

export function speedJob(lab: LabSession, curve: boolean): Promise<SpeedReport> {
  return lab.longJob(async (signal) => {
    const pruning = lab.requirePruning();
    pruning.applyToModel();
    const viewSeq = pruning.view?.seq ?? -1;
    const { model, testSet } = pruning.context();
    if (tf.getBackend() !== 'wasm' || kernelRuntime(tf.backend()) == null || currentKernelPath() == null) {
      return { viewSeq, speed: null, curve: null, note: 'The sparse kernels are PruneLab\'s wasm kernels: on this backend every zero is multiplied, so pruning buys no time (choose the wasm backend).' };
    }
    const speed = await measureSparseSpeed(model, testSet, { examples: Math.min(testSet.count, SPEED_EXAMPLES), batchSize: 500, repeats: 3, signal });
    let points = null;
    if (curve) {
      const [x, ...rest] = inputBatches(testSet, CURVE_BATCH, CURVE_BATCH);
      tf.dispose(rest);
      try {
        points = x ? await speedCurve(model, x, undefined, 3, signal) : null;
      } finally {
        x?.dispose();
        pruning.invalidateModel();
      }
    }
    return { viewSeq, speed, curve: points, note: null };
  });
}
