// Every request the page makes of the lab worker, each with its typed reply: one table,
// LabCalls, from which the wire messages, the client and the worker's dispatcher are typed.
// A call is answered exactly once (a value or an error); progress travels as events.

import type { BackendName } from '../core/backend/chooseBackend';
import type { CompressResult } from '../core/compress/stages';
import type { Criterion, PruneMethod, Schedule } from '../core/method';
import type { UploadedFile } from '../core/io/importModel';
import type { InputNorm } from '../core/io/onnx/onnxNorm';
import type { ModelId } from '../core/models/catalog';
import type { StorageInventory } from '../core/persist/experimentStorage';
import type {
  CompactResult,
  DigitPrediction,
  ExportResult,
  ImportResult,
  InitResult,
  OnnxImportResult,
  Measurement,
  ReviewScores,
  RunSummary,
  ScheduleResult,
  SensitivityResult,
  SpeedReport,
  StorageState,
  SweepResult,
} from './results';

export interface InitArgs {
  readonly model: ModelId;
  readonly backend: BackendName | null;
  /** Absolute URL of the data directory (with trailing slash). */
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
  /** Training settings, so a model stored for exactly this experiment is restored instead of retrained. */
  readonly storage: { readonly epochs: number; readonly seed: number } | null;
  /** The method to show on a restored model. */
  readonly method: PruneMethod;
  /** 'trained': start from the model that ships trained with the tutorial's settings. */
  readonly start: 'scratch' | 'trained';
  /** Seconds without a byte before a data download fails as stalled (default 30). */
  readonly stallSeconds?: number;
}

export interface RunArgs {
  readonly epochs: number;
  readonly seed: number;
  /** The method to show (and measure) on the model the run commits. */
  readonly method: PruneMethod;
}

/** A slider move (final: false: stats at once, then a quick estimate) or a settled value (final: the full test set). */
export interface PruneArgs {
  readonly method: PruneMethod;
  readonly final: boolean;
}

/** The model of the view the call produced and what it measured; superseded: a newer call replaced it. */
export interface PruneReply {
  readonly viewSeq: number;
  readonly superseded: boolean;
  readonly measurement: Measurement | null;
}

/** Parameters of the schedules that train (the target sparsity is the method's rate). */
export interface ScheduleParams {
  /** Iterative: pruning rounds to reach the target. */
  readonly rounds: number;
  /** Iterative: fine-tuning epochs per round; AGP: training epochs; lottery: retraining epochs. */
  readonly epochs: number;
  /** Lottery: also retrain the same masks from a fresh random initialisation. */
  readonly control: boolean;
  /** A dense model trained from the anchor for the same number of epochs, as a fair baseline. */
  readonly baseline: boolean;
}

export interface ScheduleArgs {
  readonly schedule: Exclude<Schedule, 'oneshot'>;
  readonly method: PruneMethod;
  readonly params: ScheduleParams;
}

export interface SweepArgs {
  readonly method: PruneMethod;
  readonly criteria: readonly Criterion[];
  readonly rates?: readonly number[];
  /** Measure on the first `examples` test examples (default: the whole test set). */
  readonly examples?: number;
}

export interface SensitivityArgs {
  readonly method: PruneMethod;
  readonly rates?: readonly number[];
}

/** A file the user chose, as the import reads it (defined with the import's checks). */
export type { UploadedFile };

/** Characters of a review the page sends and the worker scores; a longer paste is cut (and the page says so). */
export const MAX_REVIEW_CHARS = 100_000;

/** An ONNX file and how the model it holds expects its pixels. */
export interface OnnxFile {
  readonly name: string;
  readonly data: ArrayBuffer;
  readonly norm: InputNorm;
}

/** Deep Compression of the model on screen (see src/core/compress). */
export interface CompressArgs {
  /** 'paper': iterative pruning to the paper's per-layer rates first; 'current': keep the model's own zeros. */
  readonly prune: 'paper' | 'current';
  readonly rounds: number;
  readonly retrainEpochs: number;
  readonly finetuneEpochs: number;
}

/** The compression's stages and layers, and the file (its buffer transferred). */
export type CompressReply = Omit<CompressResult, 'file'> & { readonly file: ArrayBuffer };

/** A compressed file decoded into a copy of the model and measured on the test set. */
export interface LoadCompressedReply {
  readonly accuracy: number;
  readonly correct: number;
  readonly count: number;
  readonly bytes: number;
}

/** Call name → [arguments, reply]. */
export interface LabCalls {
  init: [InitArgs, InitResult];
  train: [RunArgs, RunSummary];
  finetune: [RunArgs, RunSummary];
  prune: [PruneArgs, PruneReply];
  /** Prune from checkpoint `id` from now on, with `method`. */
  anchor: [{ readonly id: number; readonly method: PruneMethod }, PruneReply];
  review: [{ readonly text: string }, ReviewScores];
  /** This device's training speed for the lab's model: a few real steps on a throwaway copy. */
  probe: [Record<string, never>, { readonly itemsPerSec: number; readonly inferPerSec: number }];
  draw: [{ readonly pixels: Float32Array }, DigitPrediction];
  /** The model on screen as a .zip (tfjs, ONNX, masks, report) or as model.onnx alone. */
  export: [{ readonly format: 'zip' | 'onnx' }, ExportResult];
  import: [{ readonly files: readonly UploadedFile[] }, ImportResult];
  /** The lab moves to the model an ONNX file holds; a refused file leaves the lab as it was. */
  importOnnx: [OnnxFile, OnnxImportResult];
  resetStorage: [Record<string, never>, StorageState];
  /** What Reset would delete: every PruneLab record in this browser's storage. */
  storageInventory: [Record<string, never>, StorageInventory];
  sweep: [SweepArgs, SweepResult];
  sensitivity: [SensitivityArgs, SensitivityResult];
  schedule: [ScheduleArgs, ScheduleResult];
  compact: [Record<string, never>, CompactResult];
  /** Test-set speed of the model on screen on the sparse kernels vs the dense ones; `curve`: also speed against sparsity. */
  speed: [{ readonly curve: boolean }, SpeedReport];
  compress: [CompressArgs, CompressReply];
  loadCompressed: [{ readonly data: ArrayBuffer }, LoadCompressedReply];
}

export type CallName = keyof LabCalls;
export type CallArgs<K extends CallName> = LabCalls[K][0];
export type CallResult<K extends CallName> = LabCalls[K][1];

/** The long jobs Stop ends (training, fine-tuning and the experiments). */
export const STOPPABLE: readonly CallName[] = ['train', 'finetune', 'sweep', 'sensitivity', 'schedule', 'compact', 'speed', 'compress'];
