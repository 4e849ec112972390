// The UI's view of the lab, derived from worker events by a pure reducer (unit-tested).
// Holds only plain numbers: chart series, progress and results.

import type { BackendChoice } from '../lab/backend/chooseBackend';
import type { LabEvent } from '../lab/events';
import type { TrainProgress } from '../lab/train/trainLoop';

export type AppPhase = 'loading' | 'ready' | 'training' | 'evaluating' | 'error';

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

export interface LabState {
  readonly phase: AppPhase;
  readonly backend: BackendChoice | null;
  readonly data: { readonly loadedBytes: number; readonly totalBytes: number };
  readonly dataset: { readonly name: string; readonly train: number; readonly test: number } | null;
  readonly params: number | null;
  readonly progress: TrainProgress | null;
  readonly curve: readonly CurvePoint[];
  readonly epochs: readonly EpochPoint[];
  readonly denseAccuracy: number | null;
  readonly lastRun: { readonly seconds: number; readonly imagesPerSec: number; readonly stopped: boolean } | null;
  readonly error: string | null;
}

export const INITIAL_LAB_STATE: LabState = {
  phase: 'loading',
  backend: null,
  data: { loadedBytes: 0, totalBytes: 0 },
  dataset: null,
  params: null,
  progress: null,
  curve: [],
  epochs: [],
  denseAccuracy: null,
  lastRun: null,
  error: null,
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

export type LabAction = LabEvent | { readonly type: 'requestTrain' } | { readonly type: 'dismissError' };

export function labReducer(state: LabState, action: LabAction): LabState {
  switch (action.type) {
    case 'backend':
      return { ...state, backend: action.choice };
    case 'dataProgress':
      return { ...state, data: { loadedBytes: action.loadedBytes, totalBytes: action.totalBytes } };
    case 'dataReady':
      return {
        ...state,
        phase: 'ready',
        dataset: { name: action.dataset, train: action.train, test: action.test },
      };
    case 'requestTrain':
      return { ...state, phase: 'training', error: null };
    case 'trainStart':
      return {
        ...state,
        phase: 'training',
        params: action.params,
        progress: null,
        curve: [],
        epochs: [],
        denseAccuracy: null,
        lastRun: null,
      };
    case 'trainProgress': {
      return { ...state, phase: 'training', progress: action.progress, curve: appendSteps(state.curve, action.progress) };
    }
    case 'evaluating':
      return { ...state, phase: 'evaluating' };
    case 'epochEnd':
      return {
        ...state,
        phase: 'training',
        epochs: [...state.epochs, { x: action.epoch, testAccuracy: action.testAccuracy }],
      };
    case 'trainDone':
      return {
        ...state,
        phase: 'ready',
        denseAccuracy: action.testAccuracy,
        lastRun: { seconds: action.seconds, imagesPerSec: action.imagesPerSec, stopped: action.stopped },
      };
    case 'error': {
      // Without data or a backend nothing can run; a failed run or a lost device leaves the lab usable.
      const fatal = action.stage === 'data' || action.stage === 'backend';
      return { ...state, phase: fatal ? 'error' : state.dataset ? 'ready' : 'loading', error: action.message };
    }
    case 'dismissError':
      return { ...state, error: null };
  }
}

export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}
