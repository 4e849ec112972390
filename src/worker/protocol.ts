// Typed messages between the UI thread and the lab worker. Only plain numbers, strings
// and typed arrays cross this boundary: tensors stay in the worker.

import type { BackendName } from '../lab/backend/chooseBackend';
import type { LabEvent } from '../lab/events';

export type { LabEvent, ErrorStage } from '../lab/events';

export interface InitRequest {
  readonly type: 'init';
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

export type WorkerRequest = InitRequest | TrainRequest | StopRequest;

export type WorkerEvent = LabEvent;
