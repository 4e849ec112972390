// Typed messages between the UI thread and the lab worker. Only plain numbers, strings
// and typed arrays cross this boundary: tensors stay in the worker.

import type { BackendName } from '../core/backend/chooseBackend';
import type { LabEvent } from './events';
import type { ModelId } from '../core/models/registry';
import type { PruneRequest } from '../core/prune/controller';
import type { Criterion } from '../core/prune/scores';
import type { Structure } from '../core/prune/structure';
import type { ScienceJob } from '../core/experiments/context';
import type { ScheduleRequest, SensitivityRequest, SweepRequest } from '../session/scienceJobs';

export type { LabEvent, ErrorStage } from './events';

export interface InitRequest {
  readonly type: 'init';
  readonly model: ModelId;
  readonly backend: BackendName | null;
  /** Absolute URL of the data directory (with trailing slash). */
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
  /**
   * Training settings, so a model stored for exactly this experiment can be restored
   * instead of retrained (null: do not look in storage).
   */
  readonly restore?: { readonly epochs: number; readonly seed: number } | null;
}

export interface TrainRequest {
  readonly type: 'train';
  readonly epochs: number;
  readonly seed: number;
}

export interface StopRequest {
  readonly type: 'stop';
}

/** A slider move (final: false) or release (final: true). Only the newest pending one runs. */
export interface PruneRequestMessage {
  readonly type: 'prune';
  readonly id: number;
  readonly request: PruneRequest;
  readonly final: boolean;
}

export interface FinetuneRequest {
  readonly type: 'finetune';
  readonly epochs: number;
  readonly seed: number;
}

/** Score a typed review with the dense and the pruned model (IMDB). */
export interface ReviewRequest {
  readonly type: 'review';
  readonly id: number;
  readonly text: string;
}

/** Prune from checkpoint `id` from now on. */
export interface AnchorRequest {
  readonly type: 'anchor';
  readonly id: number;
}

/** Predict a drawn digit (28×28, normalised like MNIST) with the dense and the current model. */
export interface DrawRequest {
  readonly type: 'draw';
  readonly id: number;
  readonly pixels: Float32Array;
}

/** Export the current pruned model (answered by an 'exported' event with a ZIP). */
export interface ExportRequest {
  readonly type: 'export';
}

/** Import an uploaded model (model.json + weights, or an exported ZIP) as a checkpoint. */
export interface ImportRequest {
  readonly type: 'import';
  readonly files: readonly { readonly name: string; readonly data: ArrayBuffer }[];
}

/** Delete every model PruneLab stored in this browser. */
export interface ResetStorageRequest {
  readonly type: 'resetStorage';
}

export type ToolRequest = DrawRequest | ExportRequest | ImportRequest | ResetStorageRequest;

/**
 * The pruning method: the anchor is rescored under `criterion` (taylor/fisher gather
 * gradients), and every slider request from now on prunes with `structure`. The current
 * setting is re-previewed and measured on the full test set; 'jobDone' ('criterion') ends it.
 */
export interface MethodRequest {
  readonly type: 'method';
  readonly criterion: Criterion;
  readonly structure: Structure;
}

/** Science jobs (src/session/scienceJobs.ts); each ends with a 'jobDone' event. 'stop' aborts them. */
export type ScienceRequest =
  | MethodRequest
  | { readonly type: 'sweep'; readonly request: SweepRequest }
  | { readonly type: 'sensitivity'; readonly request: SensitivityRequest }
  | { readonly type: 'schedule'; readonly request: ScheduleRequest }
  | { readonly type: 'compact' };

/** The job a science request runs (what 'jobDone' and the progress events name). */
export function scienceJobOf(req: ScienceRequest): ScienceJob {
  switch (req.type) {
    case 'method':
      return 'criterion';
    case 'schedule':
      return req.request.kind;
    default:
      return req.type;
  }
}

export type WorkerRequest =
  | ScienceRequest
  | InitRequest
  | TrainRequest
  | StopRequest
  | PruneRequestMessage
  | FinetuneRequest
  | AnchorRequest
  | ReviewRequest
  | ToolRequest;

/** The worker finished a science request (done, stopped or failed: failures also send 'error'). */
export interface JobDoneEvent {
  readonly type: 'jobDone';
  readonly job: ScienceJob;
  readonly ok: boolean;
}

export type WorkerEvent = LabEvent | JobDoneEvent;
