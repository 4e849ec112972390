// The UI's view of the lab, derived from worker events by pure reducers (unit-tested).
// Holds only plain numbers: chart series, progress and results.

import type { BackendChoice } from '../core/backend/chooseBackend';
import type { LabEvent, RunKind } from '../protocol/events';
import type { TrainProgress } from '../core/train/trainLoop';
import { INITIAL_PRUNE_STATE, pruneReducer, type PruneUiState } from '../features/prune/pruneState';
import { INITIAL_TOOLS_STATE, isToolsAction, toolsReducer, type ToolsAction, type ToolsState } from '../features/share/toolsState';
import { INITIAL_SCIENCE_STATE, isScienceAction, jobPhase, scienceReducer, type ScienceAction, type ScienceUiState } from '../features/science/scienceState';

export type AppPhase = 'loading' | 'ready' | 'training' | 'finetuning' | 'pruning' | 'evaluating' | 'error';

export interface CurvePoint {
  /** Position in epochs, e.g. 1.5 = halfway through the second epoch. */
  readonly x: number;
  readonly loss: number;
  readonly accuracy: number;
}

export interface EpochPoint {
  readonly x: number;
  readonly testAccuracy: number;
}

/** One training run (the dense training, or the latest fine-tuning). */
export interface RunState {
  readonly epochsPlanned: number;
  readonly progress: TrainProgress | null;
  readonly curve: readonly CurvePoint[];
  readonly epochs: readonly EpochPoint[];
  readonly result: {
    readonly seconds: number;
    readonly imagesPerSec: number;
    readonly stopped: boolean;
    readonly testAccuracy: number;
  } | null;
}

export interface ReviewScores {
  readonly id: number;
  readonly tokens: readonly { readonly word: string; readonly known: boolean }[];
  readonly dense: number | null;
  readonly pruned: number | null;
}

export interface LabState {
  readonly phase: AppPhase;
  readonly backend: BackendChoice | null;
  readonly data: { readonly loadedBytes: number; readonly totalBytes: number };
  readonly dataset: { readonly name: string; readonly train: number; readonly test: number } | null;
  readonly params: number | null;
  readonly activeRun: RunKind | null;
  readonly runs: Readonly<Record<RunKind, RunState>>;
  readonly prune: PruneUiState;
  readonly review: ReviewScores | null;
  readonly error: string | null;
  /** Storage, confusion matrix, draw-a-digit, export and import (toolsState.ts). */
  readonly tools: ToolsState;
  /** Criterion rescoring, sweeps, sensitivity, schedules, compaction (scienceState.ts). */
  readonly science: ScienceUiState;
}

const EMPTY_RUN: RunState = { epochsPlanned: 0, progress: null, curve: [], epochs: [], result: null };

export const INITIAL_LAB_STATE: LabState = {
  phase: 'loading',
  backend: null,
  data: { loadedBytes: 0, totalBytes: 0 },
  dataset: null,
  params: null,
  activeRun: null,
  runs: { train: EMPTY_RUN, finetune: EMPTY_RUN },
  prune: INITIAL_PRUNE_STATE,
  review: null,
  error: null,
  tools: INITIAL_TOOLS_STATE,
  science: INITIAL_SCIENCE_STATE,
};

/** Keeps chart series short: past this many points, every other point is dropped. */
export const MAX_CURVE_POINTS = 600;

/** Appends every step of a progress report, halving the resolution whenever the series grows too long. */
function appendSteps(curve: readonly CurvePoint[], p: TrainProgress): CurvePoint[] {
  let next = [...curve];
  for (let i = 0; i < p.losses.length; i++) {
    next.push({ x: (p.firstStep + i) / p.batches, loss: p.losses[i], accuracy: p.accuracies[i] });
    if (next.length > MAX_CURVE_POINTS) next = next.filter((_, j) => j % 2 === 0 || j === next.length - 1);
  }
  return next;
}

export type LabAction =
  | LabEvent
  | { readonly type: 'requestTrain' }
  | { readonly type: 'requestFinetune' }
  | { readonly type: 'requestPrune'; readonly id: number; readonly final: boolean }
  | { readonly type: 'dismissError' }
  | ToolsAction
  | ScienceAction;

function updateRun(state: LabState, kind: RunKind, f: (run: RunState) => RunState): LabState {
  return { ...state, runs: { ...state.runs, [kind]: f(state.runs[kind]) } };
}

const runPhase = (kind: RunKind | null): AppPhase => (kind === 'finetune' ? 'finetuning' : 'training');

function labCore(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'backend':
      return { ...state, backend: action.choice };
    case 'dataProgress':
      return { ...state, data: { loadedBytes: action.loadedBytes, totalBytes: action.totalBytes } };
    case 'dataReady':
      return { ...state, phase: 'ready', dataset: { name: action.dataset, train: action.train, test: action.test } };
    case 'requestTrain':
      return { ...state, phase: 'training', activeRun: 'train', error: null };
    case 'requestFinetune':
      return { ...state, phase: 'finetuning', activeRun: 'finetune', error: null };
    case 'requestPrune':
      return { ...state, phase: action.final ? 'evaluating' : 'pruning' };
    case 'pruneStats':
      return state.phase === 'pruning' ? { ...state, phase: 'ready' } : state;
    case 'trainStart': {
      const fresh: RunState = { ...EMPTY_RUN, epochsPlanned: action.epochs };
      const runs = action.kind === 'train' ? { train: fresh, finetune: EMPTY_RUN } : { ...state.runs, finetune: fresh };
      return { ...state, phase: runPhase(action.kind), activeRun: action.kind, params: action.params, runs };
    }
    case 'trainProgress': {
      const kind = state.activeRun ?? 'train';
      const p = action.progress;
      return updateRun({ ...state, phase: runPhase(kind) }, kind, (r) => ({ ...r, progress: p, curve: appendSteps(r.curve, p) }));
    }
    case 'evaluating':
      return { ...state, phase: 'evaluating' };
    case 'epochEnd': {
      const kind = state.activeRun ?? 'train';
      return updateRun({ ...state, phase: runPhase(kind) }, kind, (r) => ({
        ...r,
        epochs: [...r.epochs, { x: action.epoch, testAccuracy: action.testAccuracy }],
      }));
    }
    case 'trainDone':
      return updateRun({ ...state, phase: 'ready', activeRun: null }, action.kind, (r) => ({
        ...r,
        result: {
          seconds: action.seconds,
          imagesPerSec: action.imagesPerSec,
          stopped: action.stopped,
          testAccuracy: action.testAccuracy,
        },
      }));
    case 'pruneAccuracy':
      return !action.estimate && state.phase === 'evaluating' && state.activeRun === null
        ? { ...state, phase: 'ready' }
        : state;
    case 'restored':
      // A stored model instead of a training run: the run's summary, no progress or curve.
      return {
        ...state,
        params: action.params,
        runs: {
          train: {
            ...EMPTY_RUN,
            epochsPlanned: action.epochAccuracies.length,
            epochs: action.epochAccuracies.map((testAccuracy, i) => ({ x: i + 1, testAccuracy })),
            result: { seconds: action.seconds, imagesPerSec: action.imagesPerSec, stopped: false, testAccuracy: action.testAccuracy },
          },
          finetune: EMPTY_RUN,
        },
      };
    case 'error': {
      // Storage, export and import errors leave any run and the phase as they were.
      if (action.stage === 'io') return { ...state, error: action.message };
      // Without data or a backend nothing can run; a failed run or a lost device leaves the lab usable.
      const fatal = action.stage === 'data' || action.stage === 'backend';
      return {
        ...state,
        phase: fatal ? 'error' : state.dataset ? 'ready' : 'loading',
        activeRun: null,
        error: action.message,
      };
    }
    case 'dismissError':
      return { ...state, error: null };
    case 'review':
      return action.id < (state.review?.id ?? 0)
        ? state
        : { ...state, review: { id: action.id, tokens: action.tokens, dense: action.dense, pruned: action.pruned } };
    default:
      return state;
  }
}

export function labReducer(state: LabState, action: LabAction): LabState {
  const next = labCore(state, action);
  const prune = action.type === 'requestTrain' || action.type === 'requestFinetune' || action.type === 'dismissError' || isToolsAction(action) || isScienceAction(action)
    ? next.prune
    : pruneReducer(next.prune, action);
  const tools = isScienceAction(action) ? next.tools : toolsReducer(next.tools, action, prune.requestedId);
  const science = isToolsAction(action) ? next.science : scienceReducer(next.science, action);
  // A running science job sets the phase; its end returns the lab to ready.
  const phase = science.job ? jobPhase(science.job) : next.science.job && action.type === 'jobDone' ? 'ready' : next.phase;
  return prune === next.prune && tools === next.tools && science === next.science && phase === next.phase
    ? next
    : { ...next, prune, tools, science, phase };
}

/** True while training, fine-tuning or a science job runs: the pruning controls wait. */
export function isBusy(state: LabState): boolean {
  return state.activeRun !== null || state.science.job !== null;
}

/** The dense model's test accuracy, once trained. */
export function denseAccuracy(state: LabState): number | null {
  return state.runs.train.result?.testAccuracy ?? null;
}

export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
