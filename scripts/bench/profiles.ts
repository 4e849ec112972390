// Per-backend bench sizes and time bounds, tuned for a 2-core machine where webgl and
// webgpu run on SwiftShader (software): big runs for wasm, tiny bounded runs elsewhere.

import { BACKEND_ORDER, type BackendName } from '../../src/core/backend/chooseBackend';

export type { BackendName };
export const BACKENDS: readonly BackendName[] = BACKEND_ORDER;

export interface Profile {
  readonly backend: BackendName;
  /** Training images per run (a multiple of the batch size, 64) and test images. */
  readonly train: number;
  readonly test: number;
  /** No further training run starts once the runs so far took this long. */
  readonly trainBudgetS: number;
  /** Timeout for one page load + training run (dataset load and evaluation included). */
  readonly runTimeoutS: number;
  /** Slider sweep: step between values, ms between moves, and how long to wait for the display. */
  readonly sweepStep: number;
  readonly moveIntervalMs: number;
  /** The slow drag's time between moves: longer than the worker's 150 ms rest before an estimate. */
  readonly slowIntervalMs: number;
  readonly drainS: number;
  /** Timeout for one full test-set evaluation after a settled slider move. */
  readonly evalTimeoutS: number;
  /** Slider positions settled to time the full test set (besides those after training and the sweep). */
  readonly inferenceRates: readonly number[];
  readonly finetuneTimeoutS: number;
  readonly imdbTimeoutS: number;
  /** IMDB reviews trained on (one epoch, batch 64) for the reviews/s figure. */
  readonly imdbTrain: number;
}

const BASE = {
  sweepStep: 0.02,
  moveIntervalMs: 75,
  slowIntervalMs: 250,
  evalTimeoutS: 60,
  finetuneTimeoutS: 120,
  imdbTimeoutS: 120,
} as const;

/**
 * Measured here (2 cores, SwiftShader): wasm trains ~900 img/s and infers ~3,500 img/s;
 * webgl ~25 / ~120; webgpu ~5.5 / ~12 (its first step alone takes ~20 s); cpu ~14 / ~200.
 * Runs take 10–20 s of training where that fits; webgpu gets a single 2-step run.
 */
export const PROFILES: Record<BackendName, Profile> = {
  wasm: { ...BASE, backend: 'wasm', train: 9600, test: 2000, trainBudgetS: 90, runTimeoutS: 90, drainS: 20, inferenceRates: [0.5, 0.9], imdbTrain: 6400 },
  webgl: { ...BASE, backend: 'webgl', train: 384, test: 256, trainBudgetS: 90, runTimeoutS: 90, drainS: 30, inferenceRates: [0.9], imdbTrain: 640 },
  webgpu: { ...BASE, backend: 'webgpu', train: 128, test: 100, trainBudgetS: 60, runTimeoutS: 120, drainS: 40, inferenceRates: [0.9], imdbTrain: 192 },
  cpu: { ...BASE, backend: 'cpu', train: 192, test: 256, trainBudgetS: 60, runTimeoutS: 90, drainS: 30, inferenceRates: [0.9], imdbTrain: 640 },
};
