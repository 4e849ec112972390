// Per-weight gradient statistics for the gradient-based pruning criteria (scores.ts):
// mean |g| and mean g² of the loss gradient with respect to each prunable kernel, over a
// few seeded training mini-batches (default 8 × 64). Each g is the gradient of one
// mini-batch's mean loss (the batch-level empirical Fisher; batchSize 1 gives the
// per-example one at 64× the passes). Sums stay on the device; one read-back at the end.

import * as tf from '@tensorflow/tfjs';
import { epochOrder } from '../data/batches';
import { deriveSeed } from '../data/random';
import type { BatchSource } from '../train/batchSource';
import type { Task } from '../train/task';
import { kernelName } from '../weights';

export interface GradientOptions {
  /** Mini-batches to average over (fewer if the data runs out). */
  readonly batches?: number;
  readonly batchSize?: number;
  /** Which examples: a seeded shuffle of the training set. */
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

export interface GradientStats {
  readonly layers: readonly string[];
  /** Batches actually used, and the examples in them. */
  readonly batches: number;
  readonly examples: number;
  /** Per layer, per kernel weight: mean_b |g_b| and mean_b g_b². */
  readonly meanAbs: readonly Float32Array[];
  readonly meanSq: readonly Float32Array[];
}

export const DEFAULT_GRADIENT_BATCHES = 8;
export const DEFAULT_GRADIENT_BATCH_SIZE = 64;

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
  const want = opts.batches ?? DEFAULT_GRADIENT_BATCHES;
  const batchSize = opts.batchSize ?? DEFAULT_GRADIENT_BATCH_SIZE;
  if (!(want >= 1) || !(batchSize >= 1)) throw new RangeError(`need at least one batch of one example, got ${want} × ${batchSize}`);
  const vars = kernelVariables(model, layers);
  let sumAbs: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  let sumSq: tf.Tensor[] = vars.map((v) => tf.zerosLike(v));
  let used = 0;
  let examples = 0;
  try {
    const order = epochOrder(source.count, deriveSeed(opts.seed ?? 1, 7919), 0);
    for (const batch of source.batches(batchSize, order)) {
      if (used >= want || opts.signal?.aborted) {
        tf.dispose([batch.inputs, batch.labels]);
        break;
      }
      const [nextAbs, nextSq] = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => {
          const logits = model.apply(batch.inputs, { training: true }) as tf.Tensor;
          return task.loss(logits, batch.labels);
        }, vars);
        const g = vars.map((v) => grads[v.name]);
        return [sumAbs.map((s, i) => s.add(g[i].abs())), sumSq.map((s, i) => s.add(g[i].square()))];
      });
      tf.dispose([...sumAbs, ...sumSq, batch.inputs, batch.labels]);
      sumAbs = nextAbs;
      sumSq = nextSq;
      used++;
      examples += batch.size;
      await new Promise<void>((resolve) => setTimeout(resolve, 0)); // lets a stop request arrive
    }
    if (opts.signal?.aborted) throw abortError();
    const n = Math.max(used, 1);
    const read = (list: tf.Tensor[]) => Promise.all(list.map(async (t) => Float32Array.from(await t.data(), (x) => x / n)));
    return { layers, batches: used, examples, meanAbs: await read(sumAbs), meanSq: await read(sumSq) };
  } finally {
    tf.dispose([...sumAbs, ...sumSq]);
  }
}
