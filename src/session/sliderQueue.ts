// Schedules slider-driven pruning in the worker. Previews (masks, counts, histograms on
// plain arrays; the model is untouched) run at once for every move, even while a
// measurement is in progress. Measurements run one at a time: the quick estimate once
// the slider has rested (a timer any newer move cancels), the full test set on release.
// A newer move aborts a measurement in progress, whose result would be stale anyway.

export interface PruneJob<R> {
  readonly id: number;
  readonly request: R;
  /** Released (or settled): measure on the full test set. */
  readonly final: boolean;
}

export interface PruneTarget<R> {
  preview(id: number, request: R): void;
  measure(id: number, full: boolean, signal: AbortSignal): Promise<void>;
}

export interface Timers {
  setTimeout(f: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (f, ms) => setTimeout(f, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

export class PruneScheduler<R> {
  private timer: unknown = null;
  private next: { id: number; full: boolean } | null = null;
  private running = false;
  private measuring: AbortController | null = null;

  constructor(
    private readonly target: () => PruneTarget<R> | null,
    private readonly onError: (e: unknown) => void,
    readonly restMs = 150,
    private readonly timers: Timers = realTimers,
  ) {}

  /** Previews the job at once and schedules its measurement; older work is dropped. */
  submit(job: PruneJob<R>): Promise<void> {
    this.cancel();
    const target = this.target();
    if (!target) return Promise.resolve();
    try {
      target.preview(job.id, job.request);
    } catch (e) {
      this.onError(e);
      return Promise.resolve();
    }
    if (job.final) return this.queue(job.id, true);
    this.timer = this.timers.setTimeout(() => void this.queue(job.id, false), this.restMs);
    return Promise.resolve();
  }

  /** Drops a scheduled estimate and aborts a measurement in progress (e.g. before fine-tuning). */
  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.next = null;
    this.measuring?.abort();
  }

  private async queue(id: number, full: boolean): Promise<void> {
    this.timer = null;
    this.next = { id, full };
    if (this.running) return;
    this.running = true;
    try {
      while (this.next) {
        const m = this.next;
        this.next = null;
        const target = this.target();
        if (!target) break;
        const controller = new AbortController();
        this.measuring = controller;
        try {
          await target.measure(m.id, m.full, controller.signal);
        } catch (e) {
          if (!isAbortError(e)) this.onError(e);
        } finally {
          this.measuring = null;
        }
      }
    } finally {
      this.running = false;
    }
  }
}
