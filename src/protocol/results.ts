// What the lab worker reports back, as plain data: datasets, runs, checkpoints, sizes,
// measurements and the tools' results. Shared by the call replies and the events; no
// tensors, only numbers, strings and typed arrays.

import type { BackendChoice } from '../core/backend/chooseBackend';
import type { CompactSummary } from '../core/results/compact';
import type { SparseSpeed } from '../core/backend/speedText';
import type { SpeedCurve } from '../core/backend/speedCurve';
import type { AgpResult, IterativeResult, LotteryResult } from '../core/results/science';
import type { ClassProbability } from '../core/inspect/topClasses';
import type { ModelSizeReport } from '../core/stats/modelSizes';
import type { ModelInfo } from '../core/models/description';
import type { LayerCount } from '../core/weights';

export type { BackendChoice } from '../core/backend/chooseBackend';
export type { CompactSummary } from '../core/results/compact';
export type { LayerSpeed, SparseSpeed } from '../core/backend/speedText';
export type { SpeedCurve } from '../core/backend/speedCurve';
export type { JobProgress, ScienceJob, SensitivityResult, SweepResult } from '../core/results/science';
export type { TrainProgress } from '../core/results/training';
export type { ModelView, LayerView } from '../core/prune/view';

export type RunKind = 'train' | 'finetune';

export interface DatasetInfo {
  readonly name: string;
  readonly train: number;
  readonly test: number;
  readonly fullTrain: number;
  readonly fullTest: number;
  /** The training files not fetched yet (a trained start fetches them when a job trains); absent once they are here. */
  readonly trainPending?: TrainDataPending;
}

/** Training files a job would fetch first: their names and download sizes (bytes on the wire). */
export interface TrainDataPending {
  readonly bytes: number;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

export type { ModelSizeReport as ModelSizes } from '../core/stats/modelSizes';

/** How a checkpoint came to be. */
export type CheckpointKind = 'dense' | 'finetuned' | 'imported' | 'schedule';

/** A committed model state, with the zeros its weights actually hold. */
export interface CheckpointInfo {
  readonly id: number;
  readonly kind: CheckpointKind;
  /** Unique among the session's checkpoints, e.g. "#2 fine-tuned 1 epoch from #1 · magnitude 90% per layer · 90.0% zeros". */
  readonly label: string;
  /** The checkpoint it was made from (null: the dense training, or from outside: restored, imported). */
  readonly parent: number | null;
  /** The trained (dense) or imported checkpoint it descends from: its own id for those. */
  readonly root: number;
  /** Zeros over the prunable layers selected when it was made. */
  readonly sparsity: number;
  readonly accuracy: number;
  /** Test examples the accuracy was measured on. */
  readonly examples: number;
  readonly layers: readonly LayerCount[];
  readonly sizes: ModelSizeReport;
}

/** The result of a training or fine-tuning run (stopped runs too). */
export interface RunSummary {
  readonly kind: RunKind;
  readonly stopped: boolean;
  /** Time spent in optimizer steps, and the items per second over those steps. */
  readonly trainSeconds: number;
  readonly itemsPerSec: number;
  /** Time spent measuring the test set afterwards. */
  readonly evalSeconds: number;
  readonly testAccuracy: number;
  /** The checkpoint the run committed (null for a stopped fine-tune). */
  readonly checkpointId: number | null;
}

/** An accuracy measurement of the model of view `viewSeq`: an estimate on a subset, or the full test set. */
export interface Measurement {
  readonly viewSeq: number;
  readonly estimate: boolean;
  readonly accuracy: number;
  readonly examples: number;
  readonly seconds: number;
}

export interface ConfusionCounts {
  readonly viewSeq: number;
  readonly classes: number;
  /** counts[true * classes + predicted]. */
  readonly counts: Uint32Array;
  readonly examples: number;
  readonly accuracy: number;
}

/**
 * none: nothing saved for this experiment; restored: the model came from storage; saved:
 * checkpoints were stored (the write committed); full: the browser refused the write for
 * lack of space; cleared: Reset removed the saved models; unavailable: storage cannot be used.
 */
export type StorageStatus = 'none' | 'restored' | 'saved' | 'full' | 'cleared' | 'unavailable';

export interface StorageState {
  readonly status: StorageStatus;
  readonly savedAt: number | null;
  /** Checkpoints stored for this experiment, as read back from storage. */
  readonly checkpoints: number;
  readonly message: string;
  /** Stored records the last restore could not read (kept aside, not deleted), in words; absent when none. */
  readonly unrestored?: string;
}

/** A stored model restored instead of retrained: its training run as measured then. */
export interface RestoredRun {
  /** What the stored history starts from: a model trained here, or one imported from files. */
  readonly origin: 'trained' | 'imported';
  readonly savedAt: number;
  readonly testAccuracy: number;
  readonly trainSeconds: number;
  readonly itemsPerSec: number;
  readonly epochAccuracies: readonly number[];
  readonly params: number;
}

/** The trained model that ships with the app, and where it came from. */
export interface ShippedModel {
  readonly epochs: number;
  readonly seed: number;
  readonly train: number;
  /** Accuracy when it was trained, and as measured on this page's test set. */
  readonly trainedAccuracy: number;
  /** Test accuracy after each epoch of that training run (empty when not recorded), and its wall time (s). */
  readonly epochAccuracies: readonly number[];
  readonly trainSeconds: number | null;
  readonly testAccuracy: number;
  readonly examples: number;
  readonly backend: string;
  readonly commit: string;
  readonly date: string;
  readonly script: string;
}

export interface InitResult {
  readonly dataset: DatasetInfo;
  readonly backend: BackendChoice;
  readonly restored: RestoredRun | null;
  /** Set when the page started from the shipped trained model (?start=trained). */
  readonly shipped: ShippedModel | null;
  readonly storage: StorageState;
}

/** The same model trained dense for as many epochs as the schedule trained: a fair comparison. */
export interface DenseBaseline {
  readonly epochs: number;
  readonly accuracy: number;
  /** What it started from: the anchor (iterative, AGP) or the initial weights (lottery). */
  readonly from: 'anchor' | 'initial';
}

export type ScheduleResult = (
  | { readonly kind: 'iterative'; readonly result: IterativeResult }
  | { readonly kind: 'agp'; readonly result: AgpResult }
  | { readonly kind: 'lottery'; readonly result: LotteryResult }
) & {
  /** Null when not asked for, or when the schedule was stopped. */
  readonly baseline: DenseBaseline | null;
  /** The checkpoint the finished schedule committed (null when stopped). */
  readonly checkpointId: number | null;
};

export interface ReviewScores {
  /**
   * The review's words as tokenised (at most REVIEW_WORDS), whether each is in the vocabulary,
   * and whether the model on screen has pruned its embedding row (it then adds nothing).
   */
  readonly tokens: readonly { readonly word: string; readonly known: boolean; readonly removed: boolean }[];
  /** Words in the review, how many of them the vocabulary knows, and how many known ones lost their embedding row. */
  readonly words: number;
  readonly known: number;
  readonly removed: number;
  /** Positive probability from the dense and from the current model (null before training). */
  readonly dense: number | null;
  readonly pruned: number | null;
}

export interface DigitPrediction {
  readonly dense: readonly ClassProbability[];
  readonly pruned: readonly ClassProbability[];
}

export interface ExportResult {
  readonly fileName: string;
  readonly data: ArrayBuffer;
  /** The compact model (fewer channels) was exported instead of the full-size masked one. */
  readonly compact: boolean;
  readonly accuracy: number;
  readonly examples: number;
  readonly sparsity: number;
}

/** How an imported masks.json compares with the weights' zeros (all 0 without masks.json). */
export interface MasksAgreement {
  /** Layers whose masks.json entry was checked against the weights' zeros. */
  readonly masksChecked: number;
  /** Weights the masks keep that are zero: where masks and zeros disagree about what is pruned. */
  readonly masksKeptZeros: number;
  /** Weights the masks keep, in the layers checked. */
  readonly masksKept: number;
}

export interface ImportResult extends MasksAgreement {
  readonly checkpointId: number;
  readonly source: string;
  readonly accuracy: number;
  readonly examples: number;
  readonly sparsity: number;
}

/** An imported ONNX model: its description (the card, the layers) and its measured dense checkpoint. */
export interface OnnxImportResult extends ImportResult {
  readonly info: ModelInfo;
  readonly params: number;
}

export type CompactResult = CompactSummary;

/** The model on screen on the sparse kernels against the dense ones (speed null: no sparse kernels on this backend, see note). */
export interface SpeedReport {
  readonly viewSeq: number;
  readonly speed: SparseSpeed | null;
  readonly curve: SpeedCurve | null;
  readonly note: string | null;
}
