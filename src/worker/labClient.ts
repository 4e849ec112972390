// Typed facade over the lab worker for the UI thread: send requests, subscribe to events.
// A worker that fails to load is reported as an error event, never as a blank page.

import type { WorkerEvent, WorkerRequest } from '../protocol/messages';

export type LabListener = (event: WorkerEvent) => void;

export class LabClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<LabListener>();

  constructor() {
    this.worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'prunelab' });
    this.worker.onmessage = (e: MessageEvent<WorkerEvent>) => this.dispatch(e.data);
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.dispatch({ type: 'error', stage: 'backend', message: `The lab worker failed: ${e.message || 'load error'}` });
    };
  }

  send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  subscribe(listener: LabListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.worker.terminate();
    this.listeners.clear();
  }

  private dispatch(event: WorkerEvent): void {
    for (const l of this.listeners) l(event);
  }
}
