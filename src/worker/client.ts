// The page's side of the lab worker: starts it, numbers each call, pairs every reply with
// its call, turns an AbortSignal into a cancel message, and fans events out to listeners.
// A worker that fails to load fails every pending call with a clear message. A watchdog
// pings the worker while a call is pending and reports one that has gone silent.

import type { CallArgs, CallName, CallResult } from '../protocol/calls';
import type { LabEvent } from '../protocol/events';
import type { CallOptions, LabPort } from '../protocol/port';
import { LabCallError, type FromWorker, type LabError, type ToWorker } from '../protocol/wire';
import { Watchdog } from './watchdog';

interface Pending {
  readonly resolve: (value: never) => void;
  readonly reject: (e: unknown) => void;
}

export interface WatchdogOptions {
  /** Silence (ms) while a call is pending after which the worker counts as stuck (read at every tick). */
  readonly timeoutMs: () => number;
  /** Called once when it is; `silentMs`: how long nothing came. */
  readonly onStall: (silentMs: number) => void;
}

export class LabClient implements LabPort {
  private readonly worker: Worker;
  private readonly watchdog: Watchdog | null = null;
  private watchTimer: ReturnType<typeof setInterval> | null = null;
  private readonly listeners = new Set<(event: LabEvent) => void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken: LabError | null = null;

  constructor(watch?: WatchdogOptions) {
    this.worker = new Worker(new URL('./lab.worker.ts', import.meta.url), { type: 'module', name: 'prunelab' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => this.receive(e.data);
    if (watch) {
      const tickMs = 1000;
      const dog = new Watchdog(tickMs, performance.now());
      this.watchdog = dog;
      this.watchTimer = setInterval(() => {
        const now = performance.now();
        const verdict = dog.tick(now, this.pending.size > 0, watch.timeoutMs());
        if (verdict === 'ping') this.worker.postMessage({ kind: 'ping' } satisfies ToWorker);
        if (verdict !== 'stalled') return;
        this.unwatch();
        watch.onStall(dog.silentMs(now));
      }, tickMs);
    }
    this.worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.fail({ stage: 'backend', message: `The lab worker failed: ${e.message || 'it could not load'}`, aborted: false });
    };
  }

  call<K extends CallName>(name: K, args: CallArgs<K>, options: CallOptions = {}): Promise<CallResult<K>> {
    if (this.broken) return Promise.reject(new LabCallError(this.broken));
    const id = this.nextId++;
    return new Promise<CallResult<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: never) => void, reject });
      const message = { kind: 'call', id, name, args } as ToWorker;
      this.worker.postMessage(message, { transfer: [...(options.transfer ?? [])] });
      options.signal?.addEventListener('abort', () => this.worker.postMessage({ kind: 'cancel', id } satisfies ToWorker), { once: true });
    });
  }

  stop(): void {
    this.worker.postMessage({ kind: 'stop' } satisfies ToWorker);
  }

  subscribe(listener: (event: LabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  terminate(): void {
    this.unwatch();
    this.worker.terminate();
    this.listeners.clear();
    this.fail({ stage: 'backend', message: 'The lab was closed.', aborted: true });
  }

  private unwatch(): void {
    if (this.watchTimer !== null) clearInterval(this.watchTimer);
    this.watchTimer = null;
  }

  private receive(message: FromWorker): void {
    this.watchdog?.heard(performance.now());
    if (message.kind === 'alive') return;
    if (message.kind === 'event') {
      for (const l of this.listeners) l(message.event);
      return;
    }
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (message.ok) p.resolve(message.value as never);
    else p.reject(new LabCallError(message.error));
  }

  private fail(error: LabError): void {
    this.broken = error;
    for (const p of this.pending.values()) p.reject(new LabCallError(error));
    this.pending.clear();
  }
}
