// The page's handle on the lab: typed calls (each with one reply, cancellable by an
// AbortSignal), Stop, and a subscription to events. The worker client implements it; the
// features are written against this interface only.

import type { CallArgs, CallName, CallResult } from './calls';
import type { LabEvent } from './events';

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Buffers in the arguments to hand over instead of copying. */
  readonly transfer?: readonly ArrayBuffer[];
}

export interface LabPort {
  call<K extends CallName>(name: K, args: CallArgs<K>, options?: CallOptions): Promise<CallResult<K>>;
  /** Stops the long job in progress (training, fine-tuning, an experiment). */
  stop(): void;
  subscribe(listener: (event: LabEvent) => void): () => void;
}
