// The train panel's state, folded from the lab's actions: the dataset and its download,
// the backend, the dense training run and the latest fine-tuning run (progress, curves,
// per-epoch test accuracy, summary), and a run restored from storage instead of trained.

import type { ModelInfo } from '../../core/models/description';
import type { LabAction } from '../../protocol/actions';
import type { BackendChoice, DatasetInfo, RestoredRun, RunKind, RunSummary, ShippedModel, TrainProgress } from '../../protocol/results';

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
  readonly summary: RunSummary | null;
  /** The checkpoint the run started from (fine-tuning), so its result is shown only beside it. */
  readonly fromCheckpoint: number | null;
}

export interface TrainSliceState {
  readonly backend: BackendChoice | null;
  readonly download: { readonly loadedBytes: number; readonly totalBytes: number; readonly file: string };
  readonly dataset: DatasetInfo | null;
  readonly params: number | null;
  readonly runs: Readonly<Record<RunKind, RunState>>;
  readonly restored: RestoredRun | null;
  /** The page started from the trained model that ships with the app. */
  readonly shipped: ShippedModel | null;
  /** This device's measured training and inference speed for the model. */
  readonly speed: { readonly itemsPerSec: number; readonly inferPerSec: number } | null;
  /** A model imported from an ONNX file, which the lab holds in place of the link's model. */
  readonly imported: ModelInfo | null;
}

export const EMPTY_RUN: RunState = { epochsPlanned: 0, progress: null, curve: [], epochs: [], summary: null, fromCheckpoint: null };

export const INITIAL_TRAIN: TrainSliceState = {
  backend: null,
  download: { loadedBytes: 0, totalBytes: 0, file: '' },
  dataset: null,
  params: null,
  runs: { train: EMPTY_RUN, finetune: EMPTY_RUN },
  restored: null,
  shipped: null,
  speed: null,
  imported: null,
};

/** Keeps chart series short: past this many points, every other point is dropped. */
export const MAX_CURVE_POINTS = 600;

function appendSteps(curve: readonly CurvePoint[], p: TrainProgress): CurvePoint[] {
  let next = [...curve];
  for (let i = 0; i < p.losses.length; i++) {
    next.push({ x: (p.firstStep + i) / p.batches, loss: p.losses[i], accuracy: p.accuracies[i] });
    if (next.length > MAX_CURVE_POINTS) next = next.filter((_, j) => j % 2 === 0 || j === next.length - 1);
  }
  return next;
}

function updateRun(state: TrainSliceState, kind: RunKind, f: (run: RunState) => RunState): TrainSliceState {
  return { ...state, runs: { ...state.runs, [kind]: f(state.runs[kind]) } };
}

export function trainReducer(state: TrainSliceState, action: LabAction, anchorId: number): TrainSliceState {
  if (action.type === 'callEnded' && action.name === 'init' && action.ok) {
    const v = action.value;
    // A (re)started worker holds the link's model, not an import.
    return { ...state, dataset: v.dataset, backend: v.backend, restored: v.restored, shipped: v.shipped, params: v.restored?.params ?? state.params, imported: null };
  }
  if (action.type === 'callEnded' && action.name === 'probe' && action.ok) return { ...state, speed: action.value };
  if (action.type === 'callStarted' && action.name === 'train') return { ...state, restored: null, shipped: null, runs: { train: EMPTY_RUN, finetune: EMPTY_RUN } };
  if (action.type !== 'event') return state;
  const e = action.event;
  switch (e.type) {
    case 'backend':
      return { ...state, backend: e.choice };
    case 'dataProgress':
      return { ...state, download: { loadedBytes: e.loadedBytes, totalBytes: e.totalBytes, file: e.file } };
    case 'dataset':
      return { ...state, dataset: e.dataset };
    case 'model':
      return { ...state, imported: e.info, params: e.params, restored: null, shipped: null, speed: null, runs: { train: EMPTY_RUN, finetune: EMPTY_RUN } };
    case 'runStart':
      return updateRun({ ...state, params: e.params }, e.kind, () => ({ ...EMPTY_RUN, epochsPlanned: e.epochs, fromCheckpoint: e.kind === 'finetune' ? anchorId : null }));
    case 'runProgress':
      return updateRun(state, e.kind, (r) => ({ ...r, progress: e.progress, curve: appendSteps(r.curve, e.progress) }));
    case 'epochEnd':
      // An epoch measured again (after a lost device) replaces its point.
      return updateRun(state, e.kind, (r) => ({ ...r, epochs: [...r.epochs.filter((p) => p.x !== e.epoch), { x: e.epoch, testAccuracy: e.testAccuracy }] }));
    case 'runDone': {
      const done = updateRun(state, e.summary.kind, (r) => ({ ...r, summary: e.summary }));
      // A finished training run is the best measure of this device's speed.
      return e.summary.kind === 'train' && !e.summary.stopped && state.speed ? { ...done, speed: { ...state.speed, itemsPerSec: e.summary.itemsPerSec } } : done;
    }
    default:
      return state;
  }
}

/** The run a restored model stands for: its summary and per-epoch accuracies, no curve (none for an import). */
export function restoredRun(r: RestoredRun): RunState {
  if (r.origin === 'imported') return EMPTY_RUN;
  return {
    ...EMPTY_RUN,
    epochsPlanned: r.epochAccuracies.length,
    epochs: r.epochAccuracies.map((testAccuracy, i) => ({ x: i + 1, testAccuracy })),
    summary: { kind: 'train', stopped: false, trainSeconds: r.trainSeconds, itemsPerSec: r.itemsPerSec, evalSeconds: 0, testAccuracy: r.testAccuracy, checkpointId: 0 },
  };
}
