// A download that stops sending bytes must not hang the page: a StallWatch aborts one
// file's request when no byte has arrived for `ms` (waiting for the response counts too)
// and turns the resulting AbortError into a DataLoadError that names the file, says how
// much had arrived and offers Retry. The caller's own abort stays an AbortError.

import { bytesOf, DataLoadError, RETRY_ADVICE } from './loadErrors';

/** Seconds without a byte before a data file counts as stalled: generous for slow class Wi-Fi. */
export const DEFAULT_STALL_SECONDS = 30;

export class StallWatch {
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stalled = false;
  private received = 0;
  private expected = 0;
  private readonly onOuterAbort = () => this.controller.abort();

  constructor(
    private readonly file: string,
    private readonly ms: number,
    private readonly outer: AbortSignal | undefined,
  ) {
    if (outer?.aborted) this.controller.abort();
    else outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.arm();
  }

  /** The signal for this file's request and body: aborted by the caller or by a stall. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Bytes arrived: `received` of `expected` so far; the wait starts again. */
  alive(received: number, expected: number): void {
    this.received = received;
    this.expected = expected;
    this.arm();
  }

  /** The error to report for `e`: a named stall error when the watch aborted, else `e` itself. */
  explain(e: unknown): unknown {
    if (!this.stalled || this.outer?.aborted) return e;
    const got = this.expected > 0 ? `after ${bytesOf(this.received, this.expected)}` : 'before the server answered';
    const seconds = this.ms % 1000 === 0 ? `${this.ms / 1000} s` : `${(this.ms / 1000).toFixed(1)} s`;
    return new DataLoadError(this.file, 'download', `no data arrived for ${seconds}, ${got}`, RETRY_ADVICE, true, { cause: e });
  }

  /** Ends the watch (the file arrived or failed). */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stalled = true;
      this.controller.abort();
    }, this.ms);
  }
}
