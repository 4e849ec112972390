// Accuracy against sparsity for several criteria (one-shot pruning from one anchor, no
// fine-tuning), for the overlaid sweep chart with Han et al.'s LeNet-5 point as reference.
// Each criterion is scored once (taylor/fisher: gradients of the anchor over a few
// batches); every rate is then one mask computation and one evaluation.

import { writeWeights, type WeightSnapshot } from '../prune/apply';
import type { Criterion } from '../prune/scores';
import { isAbortError } from '../../session/sliderQueue';
import { accuracyOf, requestFor, scoreController, type LabContext, type OnJobProgress, type PruneSpec } from './context';
import { HAN_LENET5, type ReferencePoint } from './references';

export interface SweepOptions {
  readonly criteria: readonly Criterion[];
  /** Rates in [0, 1); 0 is the anchor itself, measured once. */
  readonly rates: readonly number[];
  /** Everything but the criterion. */
  readonly spec: Omit<PruneSpec, 'criterion'>;
  readonly signal?: AbortSignal;
  readonly onProgress?: OnJobProgress;
}

export interface SweepPoint {
  readonly criterion: Criterion;
  readonly rate: number;
  /** Achieved sparsity over the selected layers, and over all prunable layers. */
  readonly sparsity: number;
  readonly sparsityAll: number;
  readonly accuracy: number;
}

export interface SweepResult {
  readonly points: readonly SweepPoint[];
  /** Accuracy of the anchor (rate 0). */
  readonly anchorAccuracy: number;
  /** Test examples each accuracy is measured on. */
  readonly examples: number;
  readonly scope: PruneSpec['scope'];
  readonly structure: PruneSpec['structure'];
  /** Han et al.'s LeNet-5 point (drawn on LeNet-5 charts). */
  readonly reference: ReferencePoint;
  /** Seconds spent scoring each criterion (gradients included). */
  readonly scoreSeconds: Readonly<Partial<Record<Criterion, number>>>;
  readonly seconds: number;
  /** True when stopped early: `points` holds what was measured. */
  readonly stopped: boolean;
}

/** Runs the sweep; the model is left holding some pruned weights: the caller restores it. */
export async function runSweep(ctx: LabContext, anchor: WeightSnapshot, opts: SweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const rates = [...opts.rates].filter((r) => r > 0);
  const total = 1 + opts.criteria.length * rates.length;
  let done = 0;
  const progress = (label: string) => opts.onProgress?.({ job: 'sweep', done, total, label });
  const points: SweepPoint[] = [];
  const scoreSeconds: Partial<Record<Criterion, number>> = {};
  let anchorAccuracy = NaN;
  let stopped = false;
  try {
    progress('anchor');
    writeWeights(ctx.model, anchor);
    anchorAccuracy = await accuracyOf(ctx, opts.signal);
    done++;
    for (const criterion of opts.criteria) {
      progress(`${criterion}: scoring`);
      const t0 = performance.now();
      const controller = await scoreController(ctx, anchor, criterion, opts.spec.seed, { ...opts.spec.gradients, signal: opts.signal });
      scoreSeconds[criterion] = (performance.now() - t0) / 1000;
      if (opts.rates.includes(0)) points.push({ criterion, rate: 0, sparsity: 0, sparsityAll: 0, accuracy: anchorAccuracy });
      for (const rate of rates) {
        progress(`${criterion} at ${(rate * 100).toFixed(0)} %`);
        const outcome = controller.compute(requestFor({ ...opts.spec, criterion }, rate));
        writeWeights(ctx.model, anchor, outcome.kernels);
        const accuracy = await accuracyOf(ctx, opts.signal);
        points.push({ criterion, rate, sparsity: outcome.stats.sparsity, sparsityAll: outcome.stats.sparsityAll, accuracy });
        done++;
      }
    }
  } catch (e) {
    if (!isAbortError(e)) throw e;
    stopped = true;
  }
  progress(stopped ? 'stopped' : 'done');
  return {
    points,
    anchorAccuracy,
    examples: ctx.testSet.count,
    scope: opts.spec.scope,
    structure: opts.spec.structure,
    reference: HAN_LENET5,
    scoreSeconds,
    seconds: (performance.now() - started) / 1000,
    stopped,
  };
}
