// The science panel's state, folded from the lab's actions: the experiment running now and
// its progress (it runs exactly as long as its call is pending), and the latest results:
// sweep, sensitivity, schedule runs and compaction.

import type { LabAction } from '../../protocol/actions';
import type { CallName } from '../../protocol/calls';
import type { CompactResult, JobProgress, ScheduleResult, ScienceJob, SensitivityResult, SweepResult } from '../../protocol/results';

export interface RunningJob {
  readonly id: number;
  readonly job: ScienceJob;
  /** The latest progress report (null until one arrives). */
  readonly progress: JobProgress | null;
}

export interface ScienceSliceState {
  readonly job: RunningJob | null;
  readonly sweep: SweepResult | null;
  readonly sensitivity: SensitivityResult | null;
  /** Finished or stopped schedule runs, oldest first. */
  readonly schedules: readonly ScheduleResult[];
  /** Compaction of the channel pruning on screen (dropped when the view changes). */
  readonly compact: { readonly viewSeq: number; readonly result: CompactResult } | null;
  /** How the last experiment ended: its error, if it failed. */
  readonly lastError: { readonly job: ScienceJob; readonly message: string } | null;
}

export const INITIAL_SCIENCE: ScienceSliceState = { job: null, sweep: null, sensitivity: null, schedules: [], compact: null, lastError: null };

/** Schedules kept in the results table. */
export const MAX_SCHEDULE_ROWS = 8;

/** The experiment a call runs, if it is one. */
function jobOf(action: { readonly name: CallName; readonly args: unknown }): ScienceJob | null {
  switch (action.name) {
    case 'sweep':
      return 'sweep';
    case 'sensitivity':
      return 'sensitivity';
    case 'compact':
      return 'compact';
    case 'schedule':
      return (action.args as { schedule: ScienceJob }).schedule;
    default:
      return null;
  }
}

export function scienceReducer(state: ScienceSliceState, action: LabAction, viewSeq: number): ScienceSliceState {
  switch (action.type) {
    case 'callStarted': {
      if (action.name === 'train') return INITIAL_SCIENCE;
      const job = jobOf(action);
      return job ? { ...state, job: { id: action.id, job, progress: null }, lastError: null } : state;
    }
    case 'callEnded': {
      const job = jobOf(action);
      if (!job) return state;
      const next = state.job?.id === action.id ? { ...state, job: null } : state;
      if (!action.ok) return action.error.aborted ? next : { ...next, lastError: { job, message: action.error.message } };
      switch (action.name) {
        case 'sweep':
          return { ...next, sweep: action.value };
        case 'sensitivity':
          return { ...next, sensitivity: action.value };
        case 'schedule':
          return { ...next, schedules: [...next.schedules, action.value].slice(-MAX_SCHEDULE_ROWS) };
        case 'compact':
          return { ...next, compact: { viewSeq, result: action.value } };
        default:
          return next;
      }
    }
    case 'event': {
      const e = action.event;
      if (e.type === 'jobProgress' && state.job) return { ...state, job: { ...state.job, progress: e.progress } };
      if (e.type === 'view' && state.compact && state.compact.viewSeq !== e.view.seq && !state.job) return { ...state, compact: null };
      return state;
    }
  }
}

/** 0–1 for a progress bar (0 before the first report). */
export function jobFraction(job: RunningJob): number {
  const p = job.progress;
  if (!p || p.total <= 0) return 0;
  const t = p.train;
  const within = !t ? 0 : p.job === 'lottery' ? t.batch / Math.max(1, t.batches) : t.step / Math.max(1, t.totalSteps);
  return Math.min(1, (p.done + within) / p.total);
}
