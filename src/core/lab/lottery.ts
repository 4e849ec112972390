// Lottery-ticket rewinding (Frankle & Carbin 2019): prune the trained network, reset the
// surviving weights to their values at initialisation, and retrain with the mask held.
// The control keeps the same masks but starts from a fresh random initialisation: if the
// ticket beats it, the winning initial values (not just the sparse structure) matter.

import { snapshotWeights, writeWeights } from '../train/modelWeights';
import type { PruneOutcome } from '../prune/controller';
import { isStopOf } from '../abort';
import { specController } from './scoring';
import { accuracyOf, maskWeights, methodAt, heldMasksOf, trainMasked, type LabContext, type OnJobProgress, type PruneSpec, type TrainSpec } from './context';
import type { ScheduleOutcome } from './iterative';
import type { WeightSnapshot } from '../weights';
import type { RetrainRun, LotteryResult } from '../results/science';
export type { RetrainRun, LotteryResult } from '../results/science';

export interface LotteryOptions {
  readonly rate: number;
  readonly prune: PruneSpec;
  /** Retraining (normally the dense run's settings: same epochs, same optimizer). */
  readonly retrain: TrainSpec;
  /** The weights at initialisation, before the anchor was trained. */
  readonly initial: WeightSnapshot;
  /** A fresh random initialisation for the control (null: skip the control). */
  readonly reinit: (() => Promise<WeightSnapshot>) | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: OnJobProgress;
}

export async function runLottery(ctx: LabContext, anchor: WeightSnapshot, opts: LotteryOptions): Promise<ScheduleOutcome<LotteryResult>> {
  const started = performance.now();
  const epochs = opts.retrain.epochs;
  const total = 1 + epochs * (opts.reinit ? 2 : 1);
  let done = 0;
  const progress = (label: string) => opts.onProgress?.({ job: 'lottery', done, total, label });
  let stopped = false;
  let outcome: PruneOutcome | null = null;
  let ticket: RetrainRun | null = null;
  let control: RetrainRun | null = null;
  let anchorAccuracy = NaN;
  let prunedAccuracy = NaN;

  const retrain = async (label: string, start: WeightSnapshot, masks: PruneOutcome): Promise<RetrainRun | null> => {
    const t0 = performance.now();
    writeWeights(ctx.model, maskWeights(start, ctx.layers, masks));
    const epochAccuracies: number[] = [];
    const run = await trainMasked(ctx, heldMasksOf(ctx, masks), opts.retrain, {
      signal: opts.signal,
      onProgress: (p) => opts.onProgress?.({ job: 'lottery', done, total, label, train: p }),
      onEpochEnd: async () => {
        epochAccuracies.push(await accuracyOf(ctx));
        done++;
      },
    });
    if (run.stopped) return null;
    return { epochAccuracies, accuracy: epochAccuracies.at(-1) ?? NaN, seconds: (performance.now() - t0) / 1000 };
  };

  try {
    progress('pruning the trained model');
    writeWeights(ctx.model, anchor);
    anchorAccuracy = await accuracyOf(ctx, opts.signal);
    const controller = await specController(ctx, anchor, opts.prune, opts.signal);
    outcome = controller.compute(methodAt(opts.prune, opts.rate));
    writeWeights(ctx.model, anchor, outcome.kernels);
    prunedAccuracy = await accuracyOf(ctx, opts.signal);
    done++;
    // The control first, so that the model ends holding the ticket.
    if (opts.reinit) {
      control = await retrain('control: random re-initialisation', await opts.reinit(), outcome);
      stopped = control === null;
    }
    if (!stopped) {
      ticket = await retrain('ticket: rewound to the initial weights', opts.initial, outcome);
      stopped = ticket === null;
    }
  } catch (e) {
    if (!isStopOf(e, opts.signal)) throw e;
    stopped = true;
  }
  progress(stopped ? 'stopped' : 'done');
  return {
    result: {
      rate: opts.rate,
      sparsity: outcome?.stats.sparsity ?? 0,
      anchorAccuracy,
      prunedAccuracy,
      ticket,
      control,
      seconds: (performance.now() - started) / 1000,
      stopped,
    },
    weights: await snapshotWeights(ctx.model),
    outcome,
  };
}
