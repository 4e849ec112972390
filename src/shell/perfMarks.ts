// Performance figures for `npm run bench`, kept on window.__prunelab so a headless browser
// can read them: slider latency (from a slider input event to the frame after the charts
// re-rendered with that move's stats), training throughput reports, run totals and
// evaluation timings. A few numbers per event; bounded in size.

import type { LabEvent, RunKind } from '../protocol/events';

export interface PruneLabPerf {
  readonly sliderLatencies: number[];
  readonly trainReports: { kind: RunKind; step: number; imagesPerSec: number; numTensors: number }[];
  readonly runs: { kind: RunKind; seconds: number; imagesPerSec: number; stopped: boolean }[];
  readonly evals: { examples: number; seconds: number; estimate: boolean }[];
}

declare global {
  interface Window {
    __prunelab?: PruneLabPerf;
  }
}

const LIMIT = 5000;

function perf(): PruneLabPerf {
  return (window.__prunelab ??= { sliderLatencies: [], trainReports: [], runs: [], evals: [] });
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > LIMIT) list.shift();
}

const started = new Map<number, number>();

export function markSliderInput(id: number): void {
  started.set(id, performance.now());
}

/**
 * Call after the charts committed the stats of request `id`. Every move up to `id` is
 * complete now: a move replaced by a newer one before it was drawn is timed from its own
 * input to this frame, so slow moves are not dropped from the figures.
 */
export function markChartsRendered(id: number): void {
  const times: number[] = [];
  for (const [k, t0] of started) {
    if (k <= id) {
      times.push(t0);
      started.delete(k);
    }
  }
  if (times.length === 0) return;
  requestAnimationFrame(() => {
    const now = performance.now();
    for (const t0 of times) push(perf().sliderLatencies, now - t0);
  });
}

/** Records the figures carried by worker events. */
export function recordEvent(event: LabEvent, activeRun: RunKind | null): void {
  switch (event.type) {
    case 'trainProgress':
      push(perf().trainReports, {
        kind: activeRun ?? 'train',
        step: event.progress.step,
        imagesPerSec: event.progress.imagesPerSec,
        numTensors: event.progress.numTensors,
      });
      return;
    case 'trainDone':
      push(perf().runs, { kind: event.kind, seconds: event.seconds, imagesPerSec: event.imagesPerSec, stopped: event.stopped });
      return;
    case 'pruneAccuracy':
      push(perf().evals, { examples: event.examples, seconds: event.seconds, estimate: event.estimate });
      return;
    default:
      return;
  }
}
