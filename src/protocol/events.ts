// Events the lab core emits while loading, training and evaluating. The worker forwards
// them unchanged to the UI thread, so they hold only plain numbers and strings.

import type { BackendChoice } from '../core/backend/chooseBackend';
import type { PruneStats } from '../core/prune/controller';
import type { SizeReport } from '../core/stats/size';
import type { TrainProgress } from '../core/train/trainLoop';
import type { ToolEvent } from './toolEvents';
import type { ScienceEvent } from './scienceEvents';

export type RunKind = 'train' | 'finetune';

/** A committed model state: the dense model after training, or a fine-tuned pruned one. */
export interface CheckpointInfo {
  readonly id: number;
  readonly kind: 'dense' | 'finetuned' | 'imported';
  readonly label: string;
  readonly sparsity: number;
  readonly accuracy: number;
}

export interface ModelSizes extends SizeReport {
  readonly gzipBytes: number;
}

/** io: storage, export and import. */
export type ErrorStage = 'backend' | 'data' | 'train' | 'prune' | 'device' | 'io';

export type LabEvent =
  | { readonly type: 'backend'; readonly choice: BackendChoice }
  | { readonly type: 'dataProgress'; readonly loadedBytes: number; readonly totalBytes: number }
  | {
      readonly type: 'dataReady';
      readonly dataset: string;
      readonly train: number;
      readonly test: number;
      readonly fullTrain: number;
      readonly fullTest: number;
    }
  | {
      readonly type: 'trainStart';
      readonly kind: RunKind;
      readonly epochs: number;
      readonly totalSteps: number;
      readonly params: number;
    }
  | { readonly type: 'trainProgress'; readonly progress: TrainProgress }
  | { readonly type: 'evaluating' }
  | { readonly type: 'epochEnd'; readonly epoch: number; readonly testAccuracy: number; readonly testLoss: number }
  | {
      readonly type: 'trainDone';
      readonly kind: RunKind;
      readonly stopped: boolean;
      readonly seconds: number;
      readonly imagesPerSec: number;
      readonly testAccuracy: number;
    }
  | { readonly type: 'checkpoint'; readonly checkpoint: CheckpointInfo; readonly sizes: ModelSizes }
  | { readonly type: 'pruneStats'; readonly id: number; readonly stats: PruneStats }
  /** Pruning now starts from checkpoint `id`. */
  | { readonly type: 'anchor'; readonly id: number }
  | {
      readonly type: 'pruneAccuracy';
      readonly id: number;
      readonly accuracy: number;
      /** True for the quick estimate on a fixed test subset while dragging. */
      readonly estimate: boolean;
      readonly examples: number;
      readonly sparsity: number;
      /** Time the evaluation took. */
      readonly seconds: number;
    }
  | { readonly type: 'pruneSizes'; readonly id: number; readonly sizes: ModelSizes }
  | {
      readonly type: 'review';
      readonly id: number;
      /** The review's words as tokenised, and whether each is in the vocabulary. */
      readonly tokens: readonly { readonly word: string; readonly known: boolean }[];
      /** Positive probability from the dense and from the current model (null before training). */
      readonly dense: number | null;
      readonly pruned: number | null;
    }
  | { readonly type: 'error'; readonly stage: ErrorStage; readonly message: string }
  | ToolEvent
  | ScienceEvent;

export type Emit = (event: LabEvent) => void;
