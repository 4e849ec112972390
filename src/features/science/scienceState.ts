// The UI's view of the pruning science, folded from worker events by a pure reducer: the job
// running now (criterion rescoring, sweep, sensitivity, a schedule, compaction) and its
// progress, and the latest results as plain numbers. Also which app phase a job means, so
// data-state reads pruning / evaluating / finetuning while it runs and ready once it is done.

import type { LabEvent } from '../../protocol/events';
import type { Criterion } from '../../core/prune/scores';
import type { CompactSummary } from '../../core/experiments/compactRun';
import type { JobProgress, ScienceJob } from '../../core/experiments/context';
import type { SensitivityResult } from '../../core/experiments/sensitivity';
import type { SweepResult } from '../../core/experiments/sweep';
import type { ScheduleResult } from '../../protocol/scienceEvents';
import type { JobDoneEvent } from '../../protocol/messages';

export type { ScienceJob } from '../../core/experiments/context';

export interface RunningJob {
  readonly job: ScienceJob;
  /** The latest progress report (null until the worker sent one). */
  readonly progress: JobProgress | null;
  /** Stop was pressed; the worker finishes the current step first. */
  readonly stopping: boolean;
}

export interface ScienceUiState {
  readonly job: RunningJob | null;
  /** The criterion the worker last scored the anchor with, and how long that took. */
  readonly scored: { readonly criterion: Criterion; readonly seconds: number } | null;
  readonly sweep: SweepResult | null;
  readonly sensitivity: SensitivityResult | null;
  /** Finished or stopped schedule runs, oldest first. */
  readonly schedules: readonly ScheduleResult[];
  /** Compaction of the current channel pruning (cleared when the pruning changes). */
  readonly compact: CompactSummary | null;
  /** How the last job ended (false: it failed; the error is shown separately). */
  readonly lastDone: { readonly job: ScienceJob; readonly ok: boolean } | null;
}

export const INITIAL_SCIENCE_STATE: ScienceUiState = {
  job: null,
  scored: null,
  sweep: null,
  sensitivity: null,
  schedules: [],
  compact: null,
  lastDone: null,
};

/** Schedules kept in the results table. */
export const MAX_SCHEDULE_ROWS = 8;

export type ScienceAction =
  | { readonly type: 'requestJob'; readonly job: ScienceJob }
  | { readonly type: 'requestStopJob' }
  | JobDoneEvent;

const SCIENCE_ACTIONS: readonly string[] = ['requestJob', 'requestStopJob', 'jobDone'] satisfies ScienceAction['type'][];

export function isScienceAction(action: { readonly type: string }): action is ScienceAction {
  return SCIENCE_ACTIONS.includes(action.type);
}

/** Everything the lab reducer sees apart from the tools' own actions. */
type ScienceInput = ScienceAction | LabEvent | { readonly type: 'requestPrune' | 'requestTrain' | 'requestFinetune' | 'dismissError' };

export function scienceReducer(state: ScienceUiState, action: ScienceInput): ScienceUiState {
  switch (action.type) {
    case 'requestJob':
      return {
        ...state,
        job: { job: action.job, progress: null, stopping: false },
        // New masks (another criterion or structure, a schedule's checkpoint) outdate a compaction.
        compact: action.job === 'compact' ? state.compact : null,
      };
    case 'requestStopJob':
      return state.job ? { ...state, job: { ...state.job, stopping: true } } : state;
    case 'scienceProgress':
      return state.job ? { ...state, job: { ...state.job, progress: action.progress } } : state;
    case 'jobDone':
      return { ...state, job: null, lastDone: { job: action.job, ok: action.ok } };
    case 'criterion':
      return { ...state, scored: { criterion: action.criterion, seconds: action.seconds } };
    case 'sweepResult':
      return { ...state, sweep: action.result };
    case 'sensitivityResult':
      return { ...state, sensitivity: action.result };
    case 'scheduleResult':
      return { ...state, schedules: [...state.schedules, action.result].slice(-MAX_SCHEDULE_ROWS) };
    case 'compactResult':
      return { ...state, compact: action.result };
    case 'requestPrune':
      return state.compact ? { ...state, compact: null } : state;
    case 'requestTrain':
      return INITIAL_SCIENCE_STATE;
    case 'error':
      // The worker is gone or unusable: no 'jobDone' will come.
      return state.job && (action.stage === 'backend' || action.stage === 'data' || action.stage === 'device')
        ? { ...state, job: null, lastDone: { job: state.job.job, ok: false } }
        : state;
    default:
      return state;
  }
}

/** The app phase while `job` runs: rescoring prunes, one-shot jobs evaluate, schedules train. */
export function jobPhase(job: RunningJob): 'pruning' | 'evaluating' | 'finetuning' {
  switch (job.job) {
    case 'criterion':
      return 'pruning';
    case 'sweep':
    case 'sensitivity':
    case 'compact':
      return 'evaluating';
    case 'agp':
      return 'finetuning';
    case 'iterative':
    case 'lottery':
      return job.progress?.train ? 'finetuning' : 'pruning';
  }
}

/** 0–1 for a progress bar (0 before the first report). */
export function jobFraction(job: RunningJob): number {
  const p = job.progress;
  if (!p || p.total <= 0) return 0;
  // A unit of work is a round's fine-tuning (iterative) or one retraining epoch (lottery).
  const t = p.train;
  const within = !t ? 0 : p.job === 'lottery' ? t.batch / Math.max(1, t.batches) : t.step / Math.max(1, t.totalSteps);
  return Math.min(1, (p.done + within) / p.total);
}
