// Iterative pruning (Han et al. 2015): prune p % of the weights that remain, fine-tune
// with the masks held, repeat until the target sparsity. Each round starts from the
// previous round's fine-tuned weights, whose zeros score 0 under every criterion, so
// they are pruned first and the masks are nested.

import { snapshotWeights, writeWeights } from '../train/modelWeights';
import type { PruneOutcome } from '../prune/controller';
import { iterativeRates } from '../prune/schedules';
import { isStopOf } from '../abort';
import { specController } from './scoring';
import { accuracyOf, methodAt, heldMasksOf, trainMasked, type LabContext, type OnJobProgress, type PruneSpec, type TrainSpec } from './context';
import type { WeightSnapshot } from '../weights';
import type { IterativeRound, IterativeResult } from '../results/science';
export type { IterativeRound, IterativeResult } from '../results/science';

export interface IterativeOptions {
  readonly target: number;
  /** Fraction of the remaining weights pruned per round, e.g. 0.5. */
  readonly perRound: number;
  readonly prune: PruneSpec;
  /** Fine-tuning per round (epochs per round; the seed is offset by the round number). */
  readonly finetune: TrainSpec;
  readonly signal?: AbortSignal;
  readonly onProgress?: OnJobProgress;
}

export interface ScheduleOutcome<R> {
  readonly result: R;
  /** The model's final weights and the masks that hold them (null if nothing was pruned). */
  readonly weights: WeightSnapshot;
  readonly outcome: PruneOutcome | null;
}

export async function runIterative(ctx: LabContext, anchor: WeightSnapshot, opts: IterativeOptions): Promise<ScheduleOutcome<IterativeResult>> {
  const started = performance.now();
  const rates = iterativeRates(opts.target, opts.perRound);
  const rounds: IterativeRound[] = [];
  const total = rates.length * 2;
  let done = 0;
  const progress = (label: string) => opts.onProgress?.({ job: 'iterative', done, total, label });
  let current = anchor;
  let last: PruneOutcome | null = null;
  let stopped = false;
  writeWeights(ctx.model, anchor);
  const anchorAccuracy = await accuracyOf(ctx);
  try {
    for (const [k, rate] of rates.entries()) {
      const tag = `round ${k + 1}/${rates.length} (${(rate * 100).toFixed(1)} %)`;
      progress(`${tag}: pruning`);
      const controller = await specController(ctx, current, opts.prune, opts.signal, k);
      const outcome = controller.compute(methodAt(opts.prune, rate));
      writeWeights(ctx.model, current, outcome.kernels);
      last = outcome;
      const prunedAccuracy = await accuracyOf(ctx, opts.signal);
      done++;
      progress(`${tag}: fine-tuning`);
      const train = { ...opts.finetune, seed: opts.finetune.seed + k };
      const ft = await trainMasked(ctx, heldMasksOf(ctx, outcome), train, {
        signal: opts.signal,
        onProgress: (p) => opts.onProgress?.({ job: 'iterative', done, total, label: `${tag}: fine-tuning`, train: p }),
      });
      current = await snapshotWeights(ctx.model);
      const finetunedAccuracy = await accuracyOf(ctx);
      rounds.push({ round: k + 1, rate, sparsity: outcome.stats.sparsity, prunedAccuracy, finetunedAccuracy, finetuneSeconds: ft.seconds });
      done++;
      if (ft.stopped) {
        stopped = true;
        break;
      }
    }
  } catch (e) {
    if (!isStopOf(e, opts.signal)) throw e;
    stopped = true;
  }
  progress(stopped ? 'stopped' : 'done');
  const final = rounds.at(-1);
  return {
    result: {
      rounds,
      anchorAccuracy,
      finalAccuracy: final?.finetunedAccuracy ?? anchorAccuracy,
      finalSparsity: final?.sparsity ?? 0,
      seconds: (performance.now() - started) / 1000,
      stopped,
    },
    weights: await snapshotWeights(ctx.model),
    outcome: last,
  };
}
