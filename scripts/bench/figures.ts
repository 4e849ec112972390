// Turns the app's raw perf records into bench figures: warm training throughput per run,
// test-set inference rate, slider latency summary, fine-tune time and peak tensor count.

import type { EvalRecord, RunRecord, TrainReport } from './page';
import { median, percentile, round } from './stats';

export const BATCH = 64;
/** Reports whose interval starts before this share of the steps, or before WARMUP_S, are warm-up. */
export const WARMUP_SHARE = 0.2;
export const WARMUP_S = 2;

export interface RunFigure {
  readonly medianImagesPerSec: number | null;
  readonly reports: number;
  readonly warmReports: number;
  /**
   * 'strict': reports starting after 20 % of the steps and 2 s. 'relaxed': too few steps for
   * that (GPU backends queue several steps per report), so every report after the first step.
   */
  readonly warmup: 'strict' | 'relaxed' | 'none';
  /** Training time rebuilt from the reports (steps only, no test-set evaluation). */
  readonly trainSeconds: number;
  /** What the app reports for the run (for `train`, this includes the epoch-end test evaluation). */
  readonly appSeconds: number | null;
  readonly appImagesPerSec: number | null;
}

/**
 * Per-report start times come from the reports themselves: each report's images/s covers
 * the examples since the previous report, so Δexamples / images/s is its interval (the
 * first interval is 100 ms longer: the loop reports its first step at once).
 */
export function runFigure(reports: readonly TrainReport[], trainSize: number, epochs: number, run: RunRecord | undefined): RunFigure {
  const perEpoch = Math.ceil(trainSize / BATCH);
  const totalSteps = perEpoch * epochs;
  const examplesAt = (step: number) => Math.floor(step / perEpoch) * trainSize + Math.min((step % perEpoch) * BATCH, trainSize);
  const warmStep = Math.max(1, Math.ceil(WARMUP_SHARE * totalSteps));
  let prevStep = 0;
  let t = 0;
  const strict: number[] = [];
  const relaxed: number[] = [];
  for (const r of reports) {
    const dt = r.imagesPerSec > 0 ? (examplesAt(r.step) - examplesAt(prevStep)) / r.imagesPerSec : 0;
    const startS = t - (prevStep === 0 ? 0 : 0.1);
    if (prevStep >= warmStep && startS >= WARMUP_S) strict.push(r.imagesPerSec);
    if (prevStep >= 1) relaxed.push(r.imagesPerSec); // the first step holds kernel compilation
    t += dt;
    prevStep = r.step;
  }
  const warm = strict.length ? strict : relaxed;
  return {
    medianImagesPerSec: warm.length ? round(median(warm) ?? 0) : null,
    reports: reports.length,
    warmReports: warm.length,
    warmup: strict.length ? 'strict' : relaxed.length ? 'relaxed' : 'none',
    trainSeconds: round(Math.max(0, t - 0.1)),
    appSeconds: run ? round(run.seconds) : null,
    appImagesPerSec: run ? round(run.imagesPerSec) : null,
  };
}

export interface InferenceFigure {
  readonly imagesPerSec: number | null;
  readonly evals: { examples: number; seconds: number; imagesPerSec: number }[];
}

export function inferenceFigure(evals: readonly EvalRecord[]): InferenceFigure {
  const full = evals
    .filter((e) => !e.estimate && e.seconds > 0)
    .map((e) => ({ examples: e.examples, seconds: round(e.seconds), imagesPerSec: round(e.examples / e.seconds) }));
  const m = median(full.map((e) => e.imagesPerSec));
  return { imagesPerSec: m === null ? null : round(m), evals: full };
}

export interface LatencyFigure {
  readonly median: number | null;
  readonly p95: number | null;
  readonly max: number | null;
  readonly n: number;
}

export function latencyFigure(values: readonly number[]): LatencyFigure {
  return {
    median: median(values) === null ? null : round(median(values) ?? 0, 3),
    p95: percentile(values, 95) === null ? null : round(percentile(values, 95) ?? 0, 3),
    max: values.length ? round(Math.max(...values), 3) : null,
    n: values.length,
  };
}

export function peakTensors(reports: readonly TrainReport[]): number | null {
  return reports.length ? Math.max(...reports.map((r) => r.numTensors)) : null;
}
