// The messages that cross the thread, typed from the LabCalls table: a call with its id,
// a cancellation (the client's AbortSignal), a reply per call, and events. Big buffers
// are listed for transfer, never copied.

import type { CallArgs, CallName, CallResult } from './calls';
import type { LabEvent } from './events';

/** Where a failure happened; backend and data failures leave nothing to work with. */
export type ErrorStage = 'backend' | 'data' | 'train' | 'prune' | 'device' | 'io' | 'job';

export interface LabError {
  readonly stage: ErrorStage;
  readonly message: string;
  /** The call was stopped or superseded, not failed. */
  readonly aborted: boolean;
}

export type CallMessage = { [K in CallName]: { readonly kind: 'call'; readonly id: number; readonly name: K; readonly args: CallArgs<K> } }[CallName];
export interface CancelMessage {
  readonly kind: 'cancel';
  readonly id: number;
}
/** Stop whatever long job runs (training, fine-tuning, an experiment). */
export interface StopMessage {
  readonly kind: 'stop';
}
/** Are you there? Answered with an AliveMessage whenever the worker's event loop turns. */
export interface PingMessage {
  readonly kind: 'ping';
}
export type ToWorker = CallMessage | CancelMessage | StopMessage | PingMessage;

export type ReplyMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: CallResult<CallName> }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: LabError };
export interface EventMessage {
  readonly kind: 'event';
  readonly event: LabEvent;
}
/** The worker is alive: the answer to a ping, or a heartbeat from inside a long computation. */
export interface AliveMessage {
  readonly kind: 'alive';
}
export type FromWorker = ReplyMessage | EventMessage | AliveMessage;

/** The ArrayBuffers to transfer with a message: the given typed arrays' buffers, each once, none shared. */
export function transferList(...views: readonly (ArrayBufferView | ArrayBuffer | null | undefined)[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const v of views) {
    if (!v) continue;
    const buffer = v instanceof ArrayBuffer ? v : v.buffer;
    if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) out.add(buffer);
  }
  return [...out];
}

/** An Error for a failed call, carrying its stage. */
export class LabCallError extends Error {
  constructor(readonly error: LabError) {
    super(error.message);
    this.name = error.aborted ? 'AbortError' : 'LabCallError';
  }
}
