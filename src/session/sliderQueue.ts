// The slider's requests in the worker. Every move is previewed at once (masks and stats on
// plain arrays; the model is untouched) and shown; once the slider rests a quick estimate
// runs, and a settled value (release, or a pause) is measured on the full test set (the
// timing: protocol/sliderPolicy.ts). A
// release of the setting being estimated lets the estimate finish and show first; a move
// to another setting aborts the stale measurement. Each request is answered once: with its
// measurement, or as superseded by a newer one.

import { isAbortError } from '../core/abort';
import { maskKey, type PruneMethod } from '../core/method';
import type { PruneReply } from '../protocol/calls';
import type { Measurement } from '../protocol/results';
import { ESTIMATE_AFTER_MS } from '../protocol/sliderPolicy';

export interface SliderTarget {
  /** Gets ready to preview `method` (e.g. scores the anchor under a gradient criterion). */
  prepare(method: PruneMethod, signal: AbortSignal): Promise<void>;
  /** Shows the masks of `method`; returns the new view's seq. */
  preview(method: PruneMethod): number;
  /** Measures the model of view `viewSeq` (an estimate, or the full test set). */
  measure(viewSeq: number, full: boolean, signal: AbortSignal): Promise<Measurement>;
}

export interface Timers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

interface Waiter {
  readonly final: boolean;
  readonly resolve: (reply: PruneReply) => void;
  readonly reject: (e: unknown) => void;
}

/** One setting on screen and the requests waiting on it. */
interface Slot {
  readonly key: string;
  viewSeq: number;
  waiters: Waiter[];
  wantFull: boolean;
  estimate: Measurement | null;
  running: { full: boolean; abort: AbortController } | null;
  timer: unknown;
  closed: boolean;
}

export class SliderQueue {
  private slot: Slot | null = null;
  private chain: Promise<void> = Promise.resolve();
  private preparing: AbortController | null = null;

  constructor(
    private readonly target: () => SliderTarget | null,
    readonly restMs = ESTIMATE_AFTER_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Previews `method` and answers once it is measured (or superseded). */
  submit(method: PruneMethod, final: boolean): Promise<PruneReply> {
    return new Promise<PruneReply>((resolve, reject) => {
      const waiter: Waiter = { final, resolve, reject };
      const key = maskKey(method);
      const current = this.slot;
      if (current && !current.closed && current.key === key) {
        this.join(current, waiter);
        return;
      }
      this.supersede();
      const slot: Slot = { key, viewSeq: -1, waiters: [waiter], wantFull: final, estimate: null, running: null, timer: null, closed: false };
      this.slot = slot;
      this.chain = this.chain.then(() => this.open(slot, method));
    });
  }

  /** Answers every waiting request as superseded and aborts a measurement in progress (before training, say). */
  cancel(): void {
    this.preparing?.abort();
    this.supersede();
  }

  private join(slot: Slot, waiter: Waiter): void {
    slot.waiters.push(waiter);
    if (!waiter.final) {
      // Already estimated and nothing more coming for it: answer with that estimate now.
      if (slot.estimate && !slot.running && !slot.wantFull) this.answer(slot, (w) => w === waiter, slot.estimate);
      return;
    }
    slot.wantFull = true;
    if (slot.viewSeq >= 0 && !slot.running) this.startMeasure(slot, true);
  }

  private async open(slot: Slot, method: PruneMethod): Promise<void> {
    if (slot.closed) return;
    const target = this.target();
    if (!target) {
      this.settle(slot, null);
      return;
    }
    const abort = new AbortController();
    this.preparing = abort;
    try {
      await target.prepare(method, abort.signal);
      if (slot.closed) return;
      slot.viewSeq = target.preview(method);
    } catch (e) {
      if (isAbortError(e)) this.settle(slot, null);
      else this.fail(slot, e);
      return;
    } finally {
      if (this.preparing === abort) this.preparing = null;
    }
    if (slot.wantFull) this.startMeasure(slot, true);
    else slot.timer = this.timers.setTimeout(() => this.startMeasure(slot, false), this.restMs);
  }

  private startMeasure(slot: Slot, full: boolean): void {
    if (slot.closed || slot.running) return;
    if (slot.timer !== null) this.timers.clearTimeout(slot.timer);
    slot.timer = null;
    const target = this.target();
    if (!target) {
      this.settle(slot, null);
      return;
    }
    const abort = new AbortController();
    slot.running = { full, abort };
    target.measure(slot.viewSeq, full, abort.signal).then(
      (m) => {
        slot.running = null;
        if (slot.closed) return;
        if (!full) {
          slot.estimate = m;
          this.answer(slot, (w) => !w.final, m);
          if (slot.wantFull) this.startMeasure(slot, true);
        } else {
          this.settle(slot, m);
        }
      },
      (e) => {
        slot.running = null;
        if (slot.closed) return;
        if (isAbortError(e)) this.settle(slot, null);
        else this.fail(slot, e);
      },
    );
  }

  /** Answers the waiters `which` selects with measurement `m`. */
  private answer(slot: Slot, which: (w: Waiter) => boolean, m: Measurement | null, superseded = false): void {
    const done = slot.waiters.filter(which);
    slot.waiters = slot.waiters.filter((w) => !which(w));
    for (const w of done) w.resolve({ viewSeq: slot.viewSeq, superseded, measurement: m });
  }

  private settle(slot: Slot, m: Measurement | null): void {
    this.answer(slot, () => true, m ?? slot.estimate, m === null);
    this.close(slot);
  }

  private fail(slot: Slot, e: unknown): void {
    const waiters = slot.waiters;
    slot.waiters = [];
    this.close(slot);
    for (const w of waiters) w.reject(e);
  }

  private close(slot: Slot): void {
    slot.closed = true;
    if (slot.timer !== null) this.timers.clearTimeout(slot.timer);
    slot.timer = null;
    if (this.slot === slot) this.slot = null;
  }

  private supersede(): void {
    const slot = this.slot;
    if (!slot) return;
    slot.running?.abort.abort();
    this.answer(slot, () => true, slot.estimate, true);
    this.close(slot);
  }
}
