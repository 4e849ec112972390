// Accuracy against sparsity for several criteria (one-shot pruning from one anchor, no
// fine-tuning), for the overlaid sweep chart with Han et al.'s LeNet-5 point as reference.
// Each criterion is scored once (taylor/fisher: gradients of the anchor over a few
// batches); every rate is then one mask computation and one evaluation.

import { writeWeights } from '../train/modelWeights';
import { untilStopped } from '../abort';
import { specController } from './scoring';
import { accuracyOf, methodAt, prunedAccuracy, type LabContext, type OnJobProgress, type PruneSpec } from './context';
import { HAN_LENET5 } from '../models/references';
import type { Criterion } from '../method';
import type { WeightSnapshot } from '../weights';
import type { SweepPoint, SweepResult } from '../results/science';
export type { SweepPoint, SweepResult } from '../results/science';

export interface SweepOptions {
  readonly criteria: readonly Criterion[];
  /** Rates in [0, 1); 0 is the anchor itself, measured once. */
  readonly rates: readonly number[];
  /** How to prune; its criterion is replaced by each of `criteria` in turn. */
  readonly spec: PruneSpec;
  readonly signal?: AbortSignal;
  readonly onProgress?: OnJobProgress;
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
  let anchorSparsity = NaN;
  const stopped = await untilStopped(opts.signal, async () => {
    progress('anchor');
    writeWeights(ctx.model, anchor);
    anchorAccuracy = await accuracyOf(ctx, opts.signal);
    done++;
    for (const criterion of opts.criteria) {
      progress(`${criterion}: scoring`);
      const t0 = performance.now();
      const spec: PruneSpec = { ...opts.spec, method: { ...opts.spec.method, criterion } };
      const controller = await specController(ctx, anchor, spec, opts.signal);
      scoreSeconds[criterion] = (performance.now() - t0) / 1000;
      // The anchor as it is: a pruned checkpoint's rate-0 point sits at its own sparsity.
      const unpruned = controller.compute(methodAt(spec, 0)).stats;
      anchorSparsity = unpruned.sparsity;
      if (opts.rates.includes(0)) points.push({ criterion, rate: 0, sparsity: unpruned.sparsity, sparsityAll: unpruned.sparsityAll, accuracy: anchorAccuracy });
      for (const rate of rates) {
        progress(`${criterion} at ${(rate * 100).toFixed(0)} %`);
        const outcome = controller.compute(methodAt(spec, rate));
        const accuracy = await prunedAccuracy(ctx, anchor, outcome, opts.signal);
        points.push({ criterion, rate, sparsity: outcome.stats.sparsity, sparsityAll: outcome.stats.sparsityAll, accuracy });
        done++;
      }
    }
  });
  progress(stopped ? 'stopped' : 'done');
  return {
    points,
    anchorAccuracy,
    anchorSparsity,
    examples: ctx.testSet.count,
    scope: opts.spec.method.scope,
    structure: opts.spec.method.structure,
    reference: HAN_LENET5,
    scoreSeconds,
    seconds: (performance.now() - started) / 1000,
    stopped,
  };
}
