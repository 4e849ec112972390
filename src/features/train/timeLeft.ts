// The "time left" of a training or fine-tuning run, steadied: the throughput of a single
// report swings with the machine's other work, so the estimate divides the work left by an
// exponential moving average of the throughput, and the shown time may rise by no more than
// a small share per second of wall time (a dip slows the countdown instead of doubling it).

/** Weight of the newest throughput report in the moving average. */
export const SPEED_SMOOTHING = 0.2;
/** The shown time may rise by at most this share of itself (or one second) per second of elapsed time. */
export const MAX_RISE_PER_SECOND = 0.05;

export interface TimeLeft {
  /** Smoothed throughput (items per second). */
  readonly speed: number;
  /** Seconds left, as shown. */
  readonly seconds: number;
  /** The run's elapsed seconds at this estimate. */
  readonly at: number;
}

/**
 * The next estimate from `prev` (null at the start of a run), the items still to process,
 * the latest throughput report and the run's elapsed time. A report from a new run (its
 * elapsed time below the previous one) starts over.
 */
export function nextTimeLeft(prev: TimeLeft | null, itemsLeft: number, itemsPerSec: number, elapsedSec: number): TimeLeft | null {
  if (!(itemsPerSec > 0) || !Number.isFinite(itemsPerSec)) return prev;
  const fresh = prev === null || elapsedSec < prev.at;
  const speed = fresh ? itemsPerSec : prev.speed + SPEED_SMOOTHING * (itemsPerSec - prev.speed);
  const raw = Math.max(0, itemsLeft) / speed;
  if (fresh) return { speed, seconds: raw, at: elapsedSec };
  const dt = Math.max(0, elapsedSec - prev.at);
  // Where the previous estimate's countdown stands now, and how far above it the new one may go.
  const expected = Math.max(0, prev.seconds - dt);
  const ceiling = expected + dt * Math.max(MAX_RISE_PER_SECOND * expected, 1);
  return { speed, seconds: Math.min(raw, ceiling), at: elapsedSec };
}
