// The pruning science for the React tree: keeps the worker's method (criterion, structure)
// equal to the one on screen (held by useMethod, written to the URL), and starts the long
// jobs (schedules, sweeps, sensitivity, compaction) with the pruning controls' scope and
// layers. Every job shows progress and can be stopped (lab.stopJob).

import { useEffect, useRef } from 'react';
import type { ScheduleRequest } from '../../session/scienceJobs';
import { isBusy } from '../../shell/labState';
import type { Criterion, Schedule, Structure } from '../../shell/urlState';
import type { LabApi } from '../../shell/useLab';
import type { PruneMethod } from '../prune/useMethod';
import type { PruneControls } from '../prune/usePruneControls';

/** Parameters of the schedules that train (the target sparsity is the slider's rate). */
export interface ScheduleParams {
  /** Iterative: pruning rounds to reach the target. */
  readonly rounds: number;
  /** Iterative: fine-tuning epochs per round; AGP: training epochs; lottery: retraining epochs. */
  readonly epochs: number;
  /** Lottery: also retrain the same masks from a fresh random initialisation. */
  readonly control: boolean;
}

export interface ScienceApi {
  readonly method: PruneMethod;
  /** A model is trained and nothing else runs: the science controls are usable. */
  readonly enabled: boolean;
  /** Training, fine-tuning or a science job runs. */
  readonly busy: boolean;
  readonly setCriterion: (criterion: Criterion) => void;
  readonly setStructure: (structure: Structure) => void;
  readonly setSchedule: (schedule: Schedule) => void;
  /** Runs the chosen (non-one-shot) schedule to the slider's rate. */
  readonly runSchedule: (params: ScheduleParams) => void;
  readonly runSweep: (criteria: readonly Criterion[]) => void;
  readonly runSensitivity: () => void;
  /** Enabled when the current masks remove whole channels. */
  readonly canCompact: boolean;
  readonly compact: () => void;
  readonly stop: () => void;
}

/** Per-round rate p so that `rounds` rounds of "prune p of what remains" reach `target`. */
export function perRoundRate(target: number, rounds: number): number {
  return 1 - (1 - target) ** (1 / Math.max(1, rounds));
}

export function scheduleRequest(schedule: Exclude<Schedule, 'oneshot'>, rate: number, params: ScheduleParams): ScheduleRequest {
  switch (schedule) {
    case 'iterative':
      return { kind: 'iterative', target: rate, perRound: perRoundRate(rate, params.rounds), finetuneEpochs: params.epochs };
    case 'agp':
      return { kind: 'agp', final: rate, epochs: params.epochs };
    case 'lottery':
      return { kind: 'lottery', rate, epochs: params.epochs, control: params.control };
  }
}

export function useScience(
  lab: LabApi,
  method: PruneMethod,
  setMethod: (patch: Partial<PruneMethod>) => void,
  controls: PruneControls,
): ScienceApi {
  const { state, sendScience, stopJob } = lab;
  const busy = isBusy(state);
  const stats = state.prune.stats;
  const trained = state.prune.checkpoints.length > 0;
  const { criterion, structure } = method;
  const { scope, include, rate } = controls.request;

  // The worker follows the method on screen; a change while something runs waits for it.
  const sent = useRef('');
  const measurable = trained && stats !== null;
  useEffect(() => {
    const key = `${criterion}/${structure}`;
    if (key === sent.current || busy) return;
    sent.current = key;
    // Once a setting is shown, the worker rescores and re-measures it: track that as a job.
    sendScience({ type: 'method', criterion, structure }, measurable);
  }, [criterion, structure, busy, measurable, sendScience]);

  const jobScope = { scope, structure, include };

  return {
    method,
    enabled: trained && !busy,
    busy,
    setCriterion: (c) => setMethod({ criterion: c }),
    setStructure: (s) => setMethod({ structure: s }),
    setSchedule: (s) => setMethod({ schedule: s }),
    runSchedule: (params) => {
      if (method.schedule === 'oneshot') return;
      sendScience({ type: 'schedule', request: { ...jobScope, ...scheduleRequest(method.schedule, rate, params) } }, true);
    },
    runSweep: (criteria) => sendScience({ type: 'sweep', request: { ...jobScope, criteria } }, true),
    runSensitivity: () => sendScience({ type: 'sensitivity', request: { criterion, structure } }, true),
    canCompact: stats !== null && stats.structure === 'channels' && stats.layers.some((l) => (l.channels?.pruned ?? 0) > 0),
    compact: () => sendScience({ type: 'compact' }, true),
    stop: stopJob,
  };
}
