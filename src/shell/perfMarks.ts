// Performance figures for `npm run bench`, kept on window.__prunelab so a headless browser
// can read them: slider latency (from a slider input to the frame after the charts
// re-rendered with that move's view), training throughput reports, run totals and
// measurement timings. A few numbers per event; bounded in size.

import type { SpeedReport } from '../protocol/results';
import type { AppAction } from './appState';

export interface PruneLabPerf {
  readonly sliderLatencies: number[];
  readonly trainReports: { kind: 'train' | 'finetune'; step: number; imagesPerSec: number; numTensors: number }[];
  readonly runs: { kind: 'train' | 'finetune'; seconds: number; imagesPerSec: number; stopped: boolean }[];
  readonly evals: { examples: number; seconds: number; estimate: boolean }[];
  /** The speed readout's reports (sparse vs dense kernels), as the worker sent them. */
  readonly speedReports: SpeedReport[];
}

declare global {
  interface Window {
    __prunelab?: PruneLabPerf;
  }
}

const LIMIT = 5000;

function perf(): PruneLabPerf {
  return (window.__prunelab ??= { sliderLatencies: [], trainReports: [], runs: [], evals: [], speedReports: [] });
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > LIMIT) list.shift();
}

/** Slider inputs not yet drawn, with their time. */
const inputs: number[] = [];

export function markSliderInput(): void {
  inputs.push(performance.now());
}

/** Call after the charts committed a new view: every input before now is drawn at the next frame. */
export function markChartsRendered(): void {
  if (inputs.length === 0) return;
  const times = inputs.splice(0);
  requestAnimationFrame(() => {
    const now = performance.now();
    for (const t0 of times) push(perf().sliderLatencies, now - t0);
  });
}

/** Records the figures carried by the lab's actions. */
export function recordAction(action: AppAction): void {
  if (action.type === 'event') {
    const e = action.event;
    if (e.type === 'runProgress') push(perf().trainReports, { kind: e.kind, step: e.progress.step, imagesPerSec: e.progress.imagesPerSec, numTensors: e.progress.numTensors });
    else if (e.type === 'runDone') push(perf().runs, { kind: e.summary.kind, seconds: e.summary.trainSeconds, imagesPerSec: e.summary.itemsPerSec, stopped: e.summary.stopped });
    else if (e.type === 'measurement') push(perf().evals, { examples: e.measurement.examples, seconds: e.measurement.seconds, estimate: e.measurement.estimate });
  }
}

/** Keeps a speed report for the bench. */
export function recordSpeedReport(report: SpeedReport): void {
  push(perf().speedReports, report);
}
