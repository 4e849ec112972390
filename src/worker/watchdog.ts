// The page's watchdog over the lab worker: while a call is pending, the worker must be heard
// from (a reply, an event, an answer to a ping, a heartbeat from inside a long computation)
// at least every `timeoutMs`; a worker silent for longer is stuck, and the page restarts it.
// Pure logic on an injected clock, so it is tested without timers; the client drives it.

/**
 * Silence before a restart (s), by backend. The worker answers pings whenever its event loop
 * turns (while it downloads or waits, between training reports) and sends a heartbeat after
 * every training step and evaluation batch, so the longest healthy silence is one synchronous
 * step: a training step, an evaluation batch of 500 images, a backend's first compile,
 * building an export. On WebGPU, WebGL and WebAssembly those take milliseconds to a few
 * seconds, so a minute cannot fire on a healthy job and a stuck page still recovers soon. The plain
 * JavaScript cpu backend is far slower: on a 2-core machine at a load average of 28, one
 * LeNet-5 evaluation batch of 500 images took 21–31 s and one training step of 64 images
 * 198–229 s (tfjs's cpu convolution gradients), so it gets a quarter of an hour.
 */
export const WATCHDOG_SECONDS = 60;
export const CPU_WATCHDOG_SECONDS = 900;

/** The silence allowed (s): the link's watchdog= if it has one, else the backend's default. */
export function watchdogSeconds(backend: string | null, asked: number | null): number {
  return asked ?? (backend === 'cpu' ? CPU_WATCHDOG_SECONDS : WATCHDOG_SECONDS);
}

export type WatchdogVerdict = 'idle' | 'ping' | 'stalled';

export class Watchdog {
  private heardAt: number;
  private tickedAt: number;

  /** `tickMs`: how often tick() is meant to run; a much longer gap means the page itself was paused. */
  constructor(
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
   * counts as silence), 'stalled' once the worker has been silent for longer than `timeoutMs`,
   * else 'ping' (ask it whether it is there). A page that did not run for a while (a
   * background tab, a sleeping laptop) gave the worker no chance to be heard: its clock
   * starts again.
   */
  tick(now: number, pending: boolean, timeoutMs: number): WatchdogVerdict {
    const paused = now - this.tickedAt > 3 * this.tickMs;
    this.tickedAt = now;
    if (!pending || paused) {
      this.heardAt = now;
      return pending ? 'ping' : 'idle';
    }
    return now - this.heardAt > timeoutMs ? 'stalled' : 'ping';
  }
}
