// The schedules as the lab session runs them: iterative pruning, AGP and the lottery ticket
// from the current anchor. A finished run becomes a checkpoint and the new anchor, shown
// with the method it was asked for; a stopped one is discarded. Optionally a dense baseline
// trains for as many epochs as the schedule did, so its gain is not just longer training.

import { runAgp } from '../core/lab/agp';
import type { TrainSpec } from '../core/lab/context';
import { runIterative } from '../core/lab/iterative';
import { runLottery } from '../core/lab/lottery';
import { writeWeights, snapshotWeights } from '../core/train/modelWeights';
import type { WeightSnapshot } from '../core/weights';
import type { JobProgress } from '../core/lab/context';
import type { ScheduleArgs } from '../protocol/calls';
import type { WorkerStage } from '../protocol/events';
import type { DenseBaseline, ScheduleResult } from '../protocol/results';
import type { LabSession } from './labSession';
import type { PruneSession } from './pruneSession';
import { runTraining } from './runs';
import { progressTo, specOf } from './scienceJobs';

/** Per-round rate p so that `rounds` rounds of "prune p of what remains" reach `target`. */
export function perRoundRate(target: number, rounds: number): number {
  return 1 - (1 - target) ** (1 / Math.max(1, rounds));
}

/**
 * Job progress that also says what the worker is doing (the page's phase): training while a
 * phase trains, scoring while a round prunes, else evaluating. The schedules train through
 * the core's loops, which send no stage events of their own.
 */
function scheduleProgress(lab: LabSession): (p: JobProgress) => void {
  const forward = progressTo(lab);
  let last: WorkerStage | null = null;
  return (p) => {
    const stage: WorkerStage = p.train || p.label.endsWith('fine-tuning') ? 'finetuning' : p.label.endsWith('pruning') ? 'scoring' : 'evaluating';
    if (stage !== last) lab.emit({ type: 'stage', stage });
    last = stage;
    forward(p);
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

async function runKind(lab: LabSession, pruning: PruneSession, args: ScheduleArgs, signal: AbortSignal) {
  // masked training in the schedules survives a lost GPU device like fine-tuning does
  const ctx = { ...pruning.context(), recovery: lab.recovery ?? undefined };
  const prune = specOf(args.method);
  const common = { prune, signal, onProgress: scheduleProgress(lab) };
  const settings = lab.trainSettings;
  const train: TrainSpec = { ...lab.spec.defaults, epochs: settings.epochs, seed: settings.seed };
  const { rounds, epochs } = args.params;
  const rate = args.method.rate;
  switch (args.schedule) {
    case 'iterative': {
      const finetune = { ...train, epochs, seed: train.seed + 1 };
      const run = await runIterative(ctx, pruning.anchor, { ...common, target: rate, perRound: perRoundRate(rate, rounds), finetune });
      const r = run.result;
      return { run, result: { kind: 'iterative', result: r } as const, label: `iterative to ${pct(r.finalSparsity)}`, accuracy: r.finalAccuracy, trained: { epochs: r.rounds.length * epochs, from: 'anchor' as const } };
    }
    case 'agp': {
      // Δt: 20 mask updates over the first 75 % of the run.
      const steps = Math.ceil(ctx.trainSet.count / train.batchSize) * epochs;
      const frequency = Math.max(1, Math.round((steps * 0.75) / 20));
      const run = await runAgp(ctx, pruning.anchor, { ...common, final: rate, frequency, train: { ...train, epochs } });
      const r = run.result;
      return { run, result: { kind: 'agp', result: r } as const, label: `AGP to ${pct(r.finalSparsity)}`, accuracy: r.finalAccuracy, trained: { epochs, from: 'anchor' as const } };
    }
    case 'lottery': {
      const initial = lab.initial;
      if (!initial) throw new Error('Lottery-ticket rewinding needs the initial weights: train the model in this page first (a restored or imported model has none).');
      const reinit = args.params.control ? () => reinitWeights(lab, train.seed + 1000) : null;
      const run = await runLottery(ctx, pruning.anchor, { ...common, rate, retrain: { ...train, epochs }, initial, reinit });
      const r = run.result;
      return { run, result: { kind: 'lottery', result: r } as const, label: `lottery ticket at ${pct(r.sparsity)}`, accuracy: r.ticket?.accuracy ?? NaN, trained: { epochs, from: 'initial' as const } };
    }
  }
}

async function reinitWeights(lab: LabSession, seed: number): Promise<WeightSnapshot> {
  const fresh = lab.buildModel(seed);
  try {
    return await snapshotWeights(fresh);
  } finally {
    fresh.dispose();
  }
}

/** Trains `start` dense (no masks) for `epochs` and measures it: the schedule's fair comparison. */
async function denseBaseline(lab: LabSession, pruning: PruneSession, start: WeightSnapshot, trained: Omit<DenseBaseline, 'accuracy'>, signal: AbortSignal): Promise<DenseBaseline | null> {
  const model = lab.requireModel();
  writeWeights(model, start);
  pruning.invalidateModel();
  lab.emit({ type: 'jobProgress', progress: { job: 'iterative', done: 0, total: 1, label: `dense baseline: ${trained.epochs} epoch${trained.epochs === 1 ? '' : 's'}` } });
  const settings = lab.trainSettings;
  const run = await runTraining(
    { ...lab.spec.defaults, kind: 'finetune', epochs: trained.epochs, seed: settings.seed + 1 },
    { model, train: lab.data.train, test: lab.data.test, task: lab.spec.task, emit: lab.emit, signal },
  );
  return run.stopped || run.divergedAt !== null ? null : { ...trained, accuracy: run.evaluation.accuracy };
}

export function scheduleJob(lab: LabSession, args: ScheduleArgs): Promise<ScheduleResult> {
  return lab.longJob(async (signal) => {
    const pruning = lab.requirePruning();
    const anchor = pruning.anchor;
    const parent = pruning.anchorIndex;
    let checkpointId: number | null = null;
    try {
      const { run, result, label, accuracy, trained } = await runKind(lab, pruning, args, signal);
      const stopped = result.result.stopped;
      if (!stopped && run.outcome) {
        const origin = { parent, epochs: trained.epochs, method: args.method };
        const info = await pruning.commit('schedule', run.weights, accuracy, pruning.context().testSet.count, args.method, label, origin);
        checkpointId = info.id;
        await lab.sink?.saved(info, run.weights, null, origin, label);
      }
      const start = trained.from === 'anchor' ? anchor : lab.initial;
      const baseline = !stopped && args.params.baseline && start ? await denseBaseline(lab, pruning, start, trained, signal) : null;
      return { ...result, baseline, checkpointId } as ScheduleResult;
    } finally {
      pruning.invalidateModel();
      if (checkpointId !== null) {
        pruning.setAnchor(checkpointId);
        await pruning.prepare(args.method);
        await pruning.measure(pruning.preview(args.method), true);
      }
    }
  });
}
