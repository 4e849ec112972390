// The page's state: one root reducer over the lab's actions that composes the panels'
// slices, keeps the calls still pending (from which the phase is derived) and the errors
// to show. Pure and unit-tested; holds plain numbers only.

import type { LabAction } from '../protocol/actions';
import type { CallName } from '../protocol/calls';
import type { WorkerStage } from '../protocol/events';
import type { LabError } from '../protocol/wire';
import { INITIAL_INSPECT, inspectReducer, type InspectSliceState } from '../features/inspect/inspectSlice';
import { INITIAL_PRUNE, pruneReducer, type PruneSliceState } from '../features/prune/pruneSlice';
import { INITIAL_SCIENCE, scienceReducer, type ScienceSliceState } from '../features/science/scienceSlice';
import { INITIAL_SHARE, shareReducer, type ShareSliceState } from '../features/share/shareSlice';
import { INITIAL_TRAIN, trainReducer, type TrainSliceState } from '../features/train/trainSlice';

export interface PendingCall {
  readonly id: number;
  readonly name: CallName;
  /** Prune calls: a settled value (the full test set) rather than a move. */
  readonly final: boolean;
}

export interface ShownError {
  readonly id: number;
  readonly name: CallName | 'page';
  readonly message: string;
}

export interface AppState {
  readonly pending: readonly PendingCall[];
  readonly stage: WorkerStage | null;
  /** Init failed: without data or a backend nothing can run. */
  readonly fatal: LabError | null;
  readonly errors: readonly ShownError[];
  readonly notices: readonly string[];
  readonly train: TrainSliceState;
  readonly prune: PruneSliceState;
  readonly science: ScienceSliceState;
  readonly inspect: InspectSliceState;
  readonly share: ShareSliceState;
}

export const INITIAL_APP: AppState = {
  pending: [],
  stage: null,
  fatal: null,
  errors: [],
  notices: [],
  train: INITIAL_TRAIN,
  prune: INITIAL_PRUNE,
  science: INITIAL_SCIENCE,
  inspect: INITIAL_INSPECT,
  share: INITIAL_SHARE,
};

/** Errors kept on screen at once. */
export const MAX_ERRORS = 3;

export type AppAction = LabAction | { readonly type: 'dismissError'; readonly id: number } | { readonly type: 'pageError'; readonly message: string };

/** Calls that are one job to the user: importing a model (a .zip or model.json, or an .onnx file). */
const jobOf = (name: CallName | 'page'): string => (name === 'importOnnx' ? 'import' : name);

function calls(state: AppState, action: LabAction): AppState {
  switch (action.type) {
    case 'callStarted': {
      const final = action.name === 'prune' ? (action.args as { final: boolean }).final : false;
      return { ...state, pending: [...state.pending, { id: action.id, name: action.name, final }] };
    }
    case 'callEnded': {
      const pending = state.pending.filter((p) => p.id !== action.id);
      const idle = pending.length === 0 ? { stage: null } : {};
      // A job that succeeds again clears its earlier failures: they no longer describe the lab.
      if (action.ok) {
        const job = jobOf(action.name);
        const errors = state.errors.some((e) => jobOf(e.name) === job) ? state.errors.filter((e) => jobOf(e.name) !== job) : state.errors;
        return { ...state, pending, ...idle, errors };
      }
      if (action.error.aborted) return { ...state, pending, ...idle };
      if (action.name === 'init') return { ...state, pending, ...idle, fatal: action.error };
      const errors = [...state.errors, { id: action.id, name: action.name, message: action.error.message }].slice(-MAX_ERRORS);
      return { ...state, pending, ...idle, errors };
    }
    case 'event': {
      const e = action.event;
      if (e.type === 'stage') return { ...state, stage: e.stage };
      if (e.type === 'notice') return { ...state, notices: [...state.notices, e.message].slice(-MAX_ERRORS) };
      return state;
    }
  }
}

export function appReducer(state: AppState, action: AppAction): AppState {
  if (action.type === 'dismissError') return { ...state, errors: state.errors.filter((e) => e.id !== action.id) };
  if (action.type === 'pageError') return { ...state, errors: [...state.errors, { id: -Date.now(), name: 'page' as const, message: action.message }].slice(-MAX_ERRORS) };
  const called = calls(state, action);
  // Another model (an ONNX import): nothing measured on the previous one still applies.
  const next = action.type === 'event' && action.event.type === 'model' ? { ...called, science: INITIAL_SCIENCE, inspect: INITIAL_INSPECT } : called;
  const prune = pruneReducer(next.prune, action);
  return {
    ...next,
    train: trainReducer(next.train, action, prune.anchorId),
    prune,
    science: scienceReducer(next.science, action, prune.view?.seq ?? -1),
    inspect: inspectReducer(next.inspect, action),
    share: shareReducer(next.share, action),
  };
}
