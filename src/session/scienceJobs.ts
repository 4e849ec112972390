// The science jobs as the lab session runs them: defaults taken from the session (its
// criterion, its current pruning request), progress and results emitted as LabEvents, the
// model put back afterwards (sweeps, sensitivity, compaction) or the result committed as a
// new checkpoint (schedules). LabSession exposes these as runSweep, runSensitivity,
// compact and runSchedule.

import type { Emit } from '../protocol/events';
import { replaceWeights, type WeightSnapshot } from '../core/prune/apply';
import type { Criterion } from '../core/prune/scores';
import type { Structure } from '../core/prune/structure';
import type { PruneSession } from './pruneSession';
import type { ScheduleResult } from '../protocol/scienceEvents';
import { runAgp } from '../core/experiments/agp';
import { compactAndMeasure, type CompactSummary } from '../core/experiments/compactRun';
import type { JobProgress, PruneSpec, TrainSpec } from '../core/experiments/context';
import { runIterative } from '../core/experiments/iterative';
import { runLottery } from '../core/experiments/lottery';
import { SENSITIVITY_RATES, SWEEP_RATES } from '../core/experiments/references';
import { runSensitivity, type SensitivityResult } from '../core/experiments/sensitivity';
import { firstExamples } from '../core/experiments/subset';
import { runSweep, type SweepResult } from '../core/experiments/sweep';
import { CRITERIA } from '../core/prune/scores';

/** Options shared by every job; unset ones come from the session's current request. */
export interface JobScope {
  readonly scope?: PruneSpec['scope'];
  readonly structure?: Structure;
  readonly include?: readonly string[];
  /** Measure on the first `examples` test examples (default: the whole test set). */
  readonly examples?: number;
}

export interface SweepRequest extends JobScope {
  readonly criteria?: readonly Criterion[];
  readonly rates?: readonly number[];
}

export interface SensitivityRequest extends JobScope {
  readonly criterion?: Criterion;
  readonly rates?: readonly number[];
  readonly layers?: readonly string[];
}

export type ScheduleRequest = JobScope &
  (
    | { readonly kind: 'iterative'; readonly target: number; readonly perRound?: number; readonly finetuneEpochs?: number }
    | { readonly kind: 'agp'; readonly final: number; readonly epochs: number; readonly frequency?: number }
    | { readonly kind: 'lottery'; readonly rate: number; readonly epochs?: number; readonly control?: boolean }
  );

/** What schedules need from the lab: training settings, and the weights at initialisation. */
export interface ScheduleEnv {
  /** The dense run's settings (optimizer, batch size, epochs, seed). */
  readonly train: TrainSpec;
  readonly initial: WeightSnapshot | null;
  readonly reinit: (seed: number) => Promise<WeightSnapshot>;
}

function pruneSpec(session: PruneSession, req: JobScope, criterion?: Criterion): PruneSpec {
  const current = session.outcome?.stats.request;
  const scoring = session.scoringSettings;
  return {
    criterion: criterion ?? scoring.criterion,
    scope: req.scope ?? current?.scope ?? 'global',
    structure: req.structure ?? current?.structure ?? 'weights',
    include: req.include ?? current?.include ?? session.context().layers,
    cap: current?.cap ?? null,
    rowLayers: current?.rowLayers,
    seed: scoring.seed,
    gradients: scoring.gradients,
  };
}

function contextFor(session: PruneSession, req: JobScope) {
  const test = session.context().testSet;
  return session.context(req.examples ? firstExamples(test, req.examples) : test);
}

const progressTo = (emit: Emit) => (progress: JobProgress) => emit({ type: 'scienceProgress', progress });

export async function sweepJob(session: PruneSession, emit: Emit, req: SweepRequest, signal?: AbortSignal): Promise<SweepResult> {
  const spec = pruneSpec(session, req);
  try {
    const result = await runSweep(contextFor(session, req), session.anchor, {
      criteria: req.criteria ?? CRITERIA,
      rates: req.rates ?? SWEEP_RATES,
      spec,
      signal,
      onProgress: progressTo(emit),
    });
    emit({ type: 'sweepResult', result });
    return result;
  } finally {
    session.restoreModel();
  }
}

export async function sensitivityJob(session: PruneSession, emit: Emit, req: SensitivityRequest, signal?: AbortSignal): Promise<SensitivityResult> {
  const spec = pruneSpec(session, req, req.criterion);
  try {
    const result = await runSensitivity(contextFor(session, req), session.anchor, {
      criterion: spec.criterion,
      structure: spec.structure,
      rates: req.rates ?? SENSITIVITY_RATES,
      layers: req.layers,
      seed: spec.seed,
      gradients: spec.gradients,
      signal,
      onProgress: progressTo(emit),
    });
    emit({ type: 'sensitivityResult', result });
    return result;
  } finally {
    session.restoreModel();
  }
}

/** Compacts the current channel pruning and measures dense vs compact (the compact model is discarded). */
export async function compactJob(session: PruneSession, emit: Emit, req: JobScope = {}): Promise<CompactSummary> {
  const outcome = session.outcome;
  if (!outcome || outcome.stats.structure !== 'channels') {
    throw new Error('Compact needs channel pruning: choose structure "channels" and a rate first.');
  }
  emit({ type: 'scienceProgress', progress: { job: 'compact', done: 0, total: 1, label: 'building and timing the compact model' } });
  try {
    const weights = replaceWeights(session.anchor, outcome.kernels);
    const speed = { examples: 1024, batchSize: 256, repeats: 3 };
    const { summary, model } = await compactAndMeasure(contextFor(session, req), weights, outcome, { speed });
    model.dispose();
    emit({ type: 'compactResult', result: summary });
    emit({ type: 'scienceProgress', progress: { job: 'compact', done: 1, total: 1, label: 'done' } });
    return summary;
  } finally {
    session.restoreModel();
  }
}

async function runKind(session: PruneSession, emit: Emit, req: ScheduleRequest, env: ScheduleEnv, signal?: AbortSignal) {
  const ctx = contextFor(session, req);
  const prune = pruneSpec(session, req);
  const onProgress = progressTo(emit);
  const anchor = session.anchor;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const common = { prune, signal, onProgress };
  switch (req.kind) {
    case 'iterative': {
      const finetune = { ...env.train, epochs: req.finetuneEpochs ?? 1, seed: env.train.seed + 1 };
      const run = await runIterative(ctx, anchor, { ...common, target: req.target, perRound: req.perRound ?? 0.5, finetune });
      const { finalSparsity, finalAccuracy } = run.result;
      return { run, result: { kind: 'iterative', result: run.result } as const, label: `iterative to ${pct(finalSparsity)}`, accuracy: finalAccuracy };
    }
    case 'agp': {
      // Default Δt: 20 mask updates over the first 75 % of the run.
      const steps = Math.ceil(ctx.trainSet.count / env.train.batchSize) * req.epochs;
      const frequency = req.frequency ?? Math.max(1, Math.round((steps * 0.75) / 20));
      const run = await runAgp(ctx, anchor, { ...common, final: req.final, frequency, train: { ...env.train, epochs: req.epochs } });
      const { finalSparsity, finalAccuracy } = run.result;
      return { run, result: { kind: 'agp', result: run.result } as const, label: `AGP to ${pct(finalSparsity)}`, accuracy: finalAccuracy };
    }
    case 'lottery': {
      const initial = env.initial;
      if (!initial) throw new Error('Lottery-ticket rewinding needs the initial weights: train the model in this session first.');
      const reinit = req.control === false ? null : () => env.reinit(env.train.seed + 1000);
      const retrain = { ...env.train, epochs: req.epochs ?? env.train.epochs };
      const run = await runLottery(ctx, anchor, { ...common, rate: req.rate, retrain, initial, reinit });
      const accuracy = run.result.ticket?.accuracy ?? NaN;
      return { run, result: { kind: 'lottery', result: run.result } as const, label: `lottery ticket at ${pct(run.result.sparsity)}`, accuracy };
    }
  }
}

/**
 * Runs a schedule from the current anchor. A finished run becomes a new checkpoint (and the
 * anchor, pruned with the schedule's final masks); a stopped one is discarded.
 */
export async function scheduleJob(
  session: PruneSession,
  emit: Emit,
  req: ScheduleRequest,
  env: ScheduleEnv,
  signal?: AbortSignal,
): Promise<ScheduleResult> {
  let adopted = false;
  try {
    const { run, result, label, accuracy } = await runKind(session, emit, req, env, signal);
    emit({ type: 'scheduleResult', result });
    const outcome = run.outcome;
    if (!result.result.stopped && outcome) {
      await session.adopt(run.weights, outcome.stats.request, accuracy, outcome.stats.sparsity, label);
      adopted = true;
    }
    return result;
  } finally {
    if (!adopted) session.restoreModel();
  }
}
