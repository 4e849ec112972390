// What the lab worker tells the page without being asked: progress while a call runs, and
// every change of the model on screen (its view, its measurements, its checkpoints). Plain
// data only; big arrays are transferred.

import type { ModelInfo } from '../core/models/description';
import type { BackendChoice, ConfusionCounts, CheckpointInfo, DatasetInfo, JobProgress, Measurement, ModelSizes, ModelView, RunKind, RunSummary, StorageState, TrainProgress } from './results';

/** What the worker is doing within the call it runs (refines the page's phase). */
export type WorkerStage = 'loading' | 'training' | 'finetuning' | 'evaluating' | 'scoring';

export type LabEvent =
  | { readonly type: 'backend'; readonly choice: BackendChoice }
  | { readonly type: 'dataProgress'; readonly loadedBytes: number; readonly totalBytes: number; readonly file: string }
  | { readonly type: 'dataset'; readonly dataset: DatasetInfo }
  | { readonly type: 'stage'; readonly stage: WorkerStage }
  | { readonly type: 'runStart'; readonly kind: RunKind; readonly epochs: number; readonly totalSteps: number; readonly params: number }
  | { readonly type: 'runProgress'; readonly kind: RunKind; readonly progress: TrainProgress }
  | { readonly type: 'epochEnd'; readonly kind: RunKind; readonly epoch: number; readonly testAccuracy: number; readonly testLoss: number }
  | { readonly type: 'runDone'; readonly summary: RunSummary }
  /** The lab now holds another model (an ONNX import): what the page showed of the previous one is gone. */
  | { readonly type: 'model'; readonly info: ModelInfo; readonly params: number }
  /** The model on screen changed (a slider move, a new anchor, a fine-tune, an import). */
  | { readonly type: 'view'; readonly view: ModelView }
  | { readonly type: 'measurement'; readonly measurement: Measurement }
  | { readonly type: 'sizes'; readonly viewSeq: number; readonly sizes: ModelSizes }
  | { readonly type: 'confusion'; readonly confusion: ConfusionCounts }
  /** Every checkpoint of the session, and the one pruning starts from. */
  | { readonly type: 'checkpoints'; readonly list: readonly CheckpointInfo[]; readonly anchorId: number }
  | { readonly type: 'storage'; readonly storage: StorageState }
  | { readonly type: 'jobProgress'; readonly progress: JobProgress }
  /** Deep Compression: the stage running and the training steps done of all it will take. */
  | { readonly type: 'compressProgress'; readonly stage: string; readonly done: number; readonly total: number; readonly elapsedSec: number }
  /** Something the user should know that is not an error of a call (e.g. a lost GPU, the lab carried on). */
  | { readonly type: 'notice'; readonly message: string };

export type Emit = (event: LabEvent) => void;
