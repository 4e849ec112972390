// Gradual pruning during training (Zhu & Gupta 2017, AGP): the sparsity follows the cubic
// schedule s_t (prune/schedules.ts), the masks are recomputed from the current weights
// every Δt steps and held in between. It trains through the one masked-training path
// (trainMasked): its step hook recomputes the masks before an update step (awaiting a
// read-back of the weights) and re-applies them after every step; after a lost device it
// is rebuilt with the masks in force at the step training resumes from, and the updates
// from there on are redone on the same weights, so they come out the same.

import { batchCount } from '../data/batches';
import { DeviceMasks, snapshotWeights, writeWeights } from '../train/modelWeights';
import type { PruneOutcome } from '../prune/controller';
import { agpForRun, agpSparsity, agpUpdateSteps, type AgpSchedule } from '../prune/schedules';
import { isStopOf } from '../abort';
import type { StepHookFactory } from '../train/recoverableTraining';
import { specController } from './scoring';
import { accuracyOf, heldMasksOf, methodAt, trainMasked, type LabContext, type OnJobProgress, type PruneSpec, type TrainSpec } from './context';
import type { ScheduleOutcome } from './iterative';
import type { WeightSnapshot } from '../weights';
import type { AgpUpdate, AgpResult } from '../results/science';
export type { AgpUpdate, AgpResult } from '../results/science';

export interface AgpOptions {
  readonly final: number;
  /** Steps between mask updates (Δt). */
  readonly frequency: number;
  /** Updates run from startFraction to endFraction of the training steps (default 0 → 0.75). */
  readonly startFraction?: number;
  readonly endFraction?: number;
  readonly prune: PruneSpec;
  readonly train: TrainSpec;
  readonly signal?: AbortSignal;
  readonly onProgress?: OnJobProgress;
}

/** The masks an update made, from the step it was made before. */
interface MaskUpdate {
  readonly step: number;
  readonly outcome: PruneOutcome;
}

/**
 * AGP's step hook: before each update step the masks are recomputed from the weights as
 * they stand and written into them, and after every step re-applied. Built for a run that
 * resumes at step `at`, it holds the masks in force there and forgets the updates from
 * `at` on (they are redone).
 */
function agpStepHook(ctx: LabContext, opts: AgpOptions, schedule: AgpSchedule, made: MaskUpdate[], updates: AgpUpdate[]): StepHookFactory {
  const updateSteps = agpUpdateSteps(schedule);
  const { model } = ctx;
  return (at) => {
    const drop = <T extends { readonly step: number }>(list: T[]) => {
      const from = list.findIndex((u) => u.step >= at);
      if (from >= 0) list.splice(from);
    };
    drop(made);
    drop(updates);
    const inForce = made.at(-1);
    let device: DeviceMasks | null = inForce ? DeviceMasks.hold(model, heldMasksOf(ctx, inForce.outcome)) : null;
    return {
      async beforeStep(step) {
        const k = updateSteps.indexOf(step);
        if (k < 0) return;
        const current = await snapshotWeights(model);
        const target = agpSparsity(step, schedule);
        const controller = await specController(ctx, current, opts.prune, opts.signal, k);
        const outcome = controller.compute(methodAt(opts.prune, target));
        writeWeights(model, current, outcome.kernels);
        device?.dispose();
        device = DeviceMasks.hold(model, heldMasksOf(ctx, outcome));
        made.push({ step, outcome });
        updates.push({ step, target, sparsity: outcome.stats.sparsity });
      },
      afterStep: () => device?.apply(),
      // Training never resumes before `step` now: of the updates before it, only the last one is still needed.
      snapshotAt: (step) => {
        const before = made.filter((u) => u.step < step).length;
        if (before > 1) made.splice(0, before - 1);
      },
      dispose: () => device?.dispose(),
    };
  };
}

export async function runAgp(ctx: LabContext, anchor: WeightSnapshot, opts: AgpOptions): Promise<ScheduleOutcome<AgpResult>> {
  const started = performance.now();
  const { model, trainSet } = ctx;
  const train = opts.train;
  const totalSteps = batchCount(trainSet.count, train.batchSize) * train.epochs;
  const schedule = agpForRun(opts.final, totalSteps, opts.frequency, opts.startFraction, opts.endFraction);
  const updates: AgpUpdate[] = [];
  const made: MaskUpdate[] = [];
  const epochAccuracies: number[] = [];
  let steps = 0;
  let stopped = false;

  writeWeights(model, anchor);
  const anchorAccuracy = await accuracyOf(ctx);
  try {
    const run = await trainMasked(ctx, agpStepHook(ctx, opts, schedule, made, updates), train, {
      signal: opts.signal,
      progressIntervalMs: 250,
      onProgress: (p) => {
        steps = p.step;
        const s = updates.at(-1)?.sparsity ?? 0;
        opts.onProgress?.({ job: 'agp', done: p.step, total: totalSteps, label: `epoch ${p.epoch}/${train.epochs}, sparsity ${(s * 100).toFixed(1)} %` });
      },
      onEpochEnd: async (epoch) => {
        epochAccuracies[epoch - 1] = await accuracyOf(ctx); // an epoch ended again after a lost device replaces its figure
      },
    });
    steps = run.steps;
    stopped = run.stopped;
  } catch (e) {
    if (!isStopOf(e, opts.signal)) throw e;
    stopped = true;
  }
  const finalAccuracy = epochAccuracies.length === train.epochs ? (epochAccuracies.at(-1) ?? NaN) : await accuracyOf(ctx);
  opts.onProgress?.({ job: 'agp', done: steps, total: totalSteps, label: stopped ? 'stopped' : 'done' });
  const last = made.at(-1)?.outcome ?? null;
  return {
    result: {
      schedule,
      updates,
      anchorAccuracy,
      epochAccuracies,
      finalAccuracy,
      finalSparsity: last?.stats.sparsity ?? 0,
      steps,
      seconds: (performance.now() - started) / 1000,
      stopped,
    },
    weights: await snapshotWeights(model),
    outcome: last,
  };
}
