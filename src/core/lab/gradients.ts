// Per-weight gradient statistics for the gradient-based pruning criteria (scores.ts):
// mean |g| and mean g² of the loss gradient with respect to each prunable kernel, over a
// few seeded training mini-batches (default 8 × 64). Each g is the gradient of one
// mini-batch's mean loss (the batch-level empirical Fisher; batchSize 1 gives the
// per-example one at 64× the passes). Sums stay on the device; one read-back at the end.

import * as tf from '@tensorflow/tfjs';
import type { BatchSource } from '../train/batchSource';
import type { Task } from '../train/task';
import { kernelName } from '../weights';
import { calibrationBatches, calibrationSize, type GradientOptions } from './calibration';

export interface GradientStats {
  readonly layers: readonly string[];
  /** Batches actually used, and the examples in them. */
  readonly batches: number;
  readonly examples: number;
  /** Per layer, per kernel weight: mean_b |g_b| and mean_b g_b². */
  readonly meanAbs: readonly Float32Array[];
  readonly meanSq: readonly Float32Array[];
}

export type { GradientOptions } from './calibration';

/** The kernel variables of the given layers, in layer order. */
export function kernelVariables(model: tf.LayersModel, layers: readonly string[]): tf.Variable[] {
  return layers.map((layer) => {
    const w = model.weights.find((x) => x.originalName === kernelName(layer));
    if (!w) throw new Error(`no kernel for layer ${layer}`);
    return w.read() as tf.Variable;
  });
}

function abortError(): DOMException {
  return new DOMException('gradient statistics stopped', 'AbortError');
}

/** Averages |g| and g² of the model's current weights over a few training batches. */
export async function gradientStats(
  model: tf.LayersModel,
  layers: readonly string[],
  source: BatchSource,
  task: Task,
  opts: GradientOptions = {},
): Promise<GradientStats> {
  calibrationSize(opts); // a bad batch count throws before any tensor is made
  const vars = kernelVariables(model, layers);
  let sumAbs: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  let sumSq: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  let used = 0;
  let examples = 0;
  try {
    for await (const batch of calibrationBatches(source, opts)) {
      const [nextAbs, nextSq] = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const logits = model.apply(batch.inputs, { training: true }) as tf.Tensor;
          return task.loss(logits, batch.labels);
        }, vars);
        const g = vars.map((v) => grads[v.name]);
        return [sumAbs.map((s, i) => s.add(g[i].abs())), sumSq.map((s, i) => s.add(g[i].square()))];
      });
      tf.dispose([...sumAbs, ...sumSq]);
      sumAbs = nextAbs;
      sumSq = nextSq;
      used++;
      examples += batch.size;
    }
    if (opts.signal?.aborted) throw abortError();
    const n = Math.max(used, 1);
    const read = (list: tf.Tensor[]) => Promise.all(list.map(async (t) => Float32Array.from(await t.data(), (x) => x / n)));
    return { layers, batches: used, examples, meanAbs: await read(sumAbs), meanSq: await read(sumSq) };
  } finally {
    tf.dispose([...sumAbs, ...sumSq]);
  }
}
