// The page's watchdog over the lab worker: while a call is pending, the worker must be heard
// from (a reply, an event, an answer to a ping, a heartbeat from inside a long computation)
// at least every `timeoutMs`; a worker silent for longer is stuck, and the page restarts it.
// Pure logic on an injected clock, so it is tested without timers; the client drives it.

/**
 * Default silence before a restart. The worker answers pings whenever its event loop turns
 * (between training batches, while it downloads or waits) and sends a heartbeat between
 * evaluation batches, so the longest healthy silence is one synchronous step: an evaluation
 * batch of 500 images or a training batch on the plain-JavaScript cpu backend (a few seconds
 * on a loaded 2-core machine), a backend's first compile, building an export. A minute is
 * an order of magnitude above those, and still short enough that a stuck page recovers.
 */
export const WATCHDOG_SECONDS = 60;

export type WatchdogVerdict = 'idle' | 'ping' | 'stalled';

export class Watchdog {
  private heardAt: number;
  private tickedAt: number;

  /** `tickMs`: how often tick() is meant to run; a much longer gap means the page itself was paused. */
  constructor(
    readonly timeoutMs: number,
    readonly tickMs: number,
    now: number,
  ) {
    this.heardAt = now;
    this.tickedAt = now;
  }

  /** Something came from the worker. */
  heard(now: number): void {
    this.heardAt = now;
  }

  /** Milliseconds since the worker was last heard from (idle time not counted). */
  silentMs(now: number): number {
    return now - this.heardAt;
  }

  /**
   * Called every `tickMs` with whether a call is pending: 'idle' when none is (idle time never
   * counts as silence), 'stalled' once the worker has been silent for longer than the timeout,
   * else 'ping' (ask it whether it is there). A page that did not run for a while (a
   * background tab, a sleeping laptop) gave the worker no chance to be heard: its clock
   * starts again.
   */
  tick(now: number, pending: boolean): WatchdogVerdict {
    const paused = now - this.tickedAt > 3 * this.tickMs;
    this.tickedAt = now;
    if (!pending || paused) {
      this.heardAt = now;
      return pending ? 'ping' : 'idle';
    }
    return now - this.heardAt > this.timeoutMs ? 'stalled' : 'ping';
  }
}
