// Typed messages between the UI thread and the lab worker. Only plain numbers, strings
// and typed arrays cross this boundary: tensors stay in the worker.

import type { BackendName } from '../lab/backend/chooseBackend';
import type { LabEvent } from '../lab/events';
import type { ModelId } from '../lab/models/registry';
import type { PruneRequest } from '../lab/pruning/controller';

export type { LabEvent, ErrorStage } from '../lab/events';

export interface InitRequest {
  readonly type: 'init';
  readonly model: ModelId;
  readonly backend: BackendName | null;
  /** Absolute URL of the data directory (with trailing slash). */
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
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

export type WorkerRequest =
  | InitRequest
  | TrainRequest
  | StopRequest
  | PruneRequestMessage
  | FinetuneRequest
  | AnchorRequest
  | ReviewRequest;

export type WorkerEvent = LabEvent;
