// The experiments as the lab session runs them, each one call of the protocol: a sweep of
// criteria, per-layer sensitivity and compaction measure and then put the model on screen
// back; progress goes out as events and the result is the call's reply. The schedules
// (which commit a checkpoint) are in scheduleJob.ts.

import { compactAndMeasure } from '../core/lab/compactRun';
import type { CompactSummary } from '../core/results/compact';
import type { JobProgress, PruneSpec } from '../core/lab/context';
import { SENSITIVITY_RATES, SWEEP_RATES } from '../core/models/references';
import { DEFAULT_SCORING } from '../core/lab/scoring';
import { runSensitivity, type SensitivityResult } from '../core/lab/sensitivity';
import { runSweep, type SweepResult } from '../core/lab/sweep';
import type { PruneMethod } from '../core/method';
import { replaceWeights } from '../core/weights';
import type { SensitivityArgs, SweepArgs } from '../protocol/calls';
import type { LabSession } from './labSession';
import type { PruneSession } from './pruneSession';

/** How a job prunes: the method on screen, scored with the session's options. */
export function specOf(method: PruneMethod): PruneSpec {
  return { method, seed: DEFAULT_SCORING.seed, gradients: DEFAULT_SCORING.gradients };
}

export const progressTo = (lab: LabSession) => (progress: JobProgress) => lab.emit({ type: 'jobProgress', progress });

function contextFor(pruning: PruneSession, examples?: number) {
  return pruning.context(examples);
}

/** Runs `work` as a long job on the pruning session, then puts the model on screen back. */
function measuring<T>(lab: LabSession, work: (pruning: PruneSession, signal: AbortSignal) => Promise<T>): Promise<T> {
  return lab.longJob(async (signal) => {
    const pruning = lab.requirePruning();
    try {
      return await work(pruning, signal);
    } finally {
      pruning.invalidateModel();
    }
  });
}

export function sweepJob(lab: LabSession, args: SweepArgs): Promise<SweepResult> {
  return measuring(lab, (pruning, signal) =>
    runSweep(contextFor(pruning, args.examples), pruning.anchor, {
      criteria: args.criteria,
      rates: args.rates ?? SWEEP_RATES,
      spec: specOf(args.method),
      signal,
      onProgress: progressTo(lab),
    }),
  );
}

export function sensitivityJob(lab: LabSession, args: SensitivityArgs): Promise<SensitivityResult> {
  return measuring(lab, (pruning, signal) =>
    runSensitivity(contextFor(pruning), pruning.anchor, {
      criterion: args.method.criterion,
      structure: args.method.structure,
      rates: args.rates ?? SENSITIVITY_RATES,
      seed: DEFAULT_SCORING.seed,
      gradients: DEFAULT_SCORING.gradients,
      signal,
      onProgress: progressTo(lab),
    }),
  );
}

/** Builds the compact model of the channel pruning on screen and measures it against the full-size one. */
export function compactJob(lab: LabSession): Promise<CompactSummary> {
  return measuring(lab, async (pruning) => {
    const outcome = pruning.outcome;
    if (!outcome || outcome.stats.structure !== 'channels') {
      throw new Error('Compact needs channel pruning: choose the structure "channels" and a rate first.');
    }
    lab.emit({ type: 'jobProgress', progress: { job: 'compact', done: 0, total: 1, label: 'building and timing the compact model' } });
    const weights = replaceWeights(pruning.anchor, outcome.kernels);
    const speed = { examples: 1024, batchSize: 256, repeats: 3 };
    const { summary, model } = await compactAndMeasure(contextFor(pruning), weights, outcome, { speed });
    model.dispose();
    pruning.compaction = { viewSeq: pruning.view?.seq ?? -1, summary };
    lab.emit({ type: 'jobProgress', progress: { job: 'compact', done: 1, total: 1, label: 'done' } });
    return summary;
  });
}
