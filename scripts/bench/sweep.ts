// One slider sweep as a bench figure: the moves (see slider.ts), then the settle the app
// starts 300 ms after the last move, waited for so the next figure starts on an idle lab.

import type { Page } from '@playwright/test';
import type { Limit } from './stats';
import { latencyFigure, type LatencyFigure } from './figures';
import { countMatching, readPerf, waitForPerf } from './page';
import type { Profile } from './profiles';
import { sweepSlider } from './slider';
import { round } from './stats';

export interface SliderFigure {
  readonly moves: number;
  /** The planned time between moves, and the achieved mean. */
  readonly intervalMs: number;
  readonly achievedIntervalMs: number;
  /** Main-thread time of each `input` dispatch (the handler and React's synchronous render). */
  readonly inputMs: LatencyFigure;
  /** Long tasks (> 50 ms) on the main thread during the sweep. */
  readonly longTasks: { readonly count: number; readonly totalMs: number; readonly maxMs: number };
  /** The app's own sliderLatencies recorded during the sweep (the settle after it excluded). */
  readonly app: LatencyFigure;
  /** The bench's cross-check: input event → frame after the readout showed that move or a newer one. */
  readonly observed: LatencyFigure & { readonly unresolved: number; readonly superseded: number };
}

export async function sliderSweep(page: Page, values: readonly number[], intervalMs: number, p: Profile, limit: Limit): Promise<SliderFigure> {
  const evalsBefore = countMatching(await readPerf(page), { list: 'evals', fullOnly: true });
  const sweep = await sweepSlider(page, values, intervalMs, limit(p.drainS * 1000));
  await waitForPerf(page, { list: 'evals', fullOnly: true, after: evalsBefore }, limit(p.evalTimeoutS * 1000));
  const seen = sweep.observed.filter((v): v is number => v !== null);
  return {
    moves: sweep.moves,
    intervalMs,
    achievedIntervalMs: round((sweep.seconds * 1000) / Math.max(1, sweep.moves - 1), 3),
    inputMs: latencyFigure(sweep.inputMs),
    longTasks: {
      count: sweep.longTasks.length,
      totalMs: round(sweep.longTasks.reduce((a, b) => a + b, 0), 3),
      maxMs: round(Math.max(0, ...sweep.longTasks), 3),
    },
    app: latencyFigure(sweep.app),
    observed: { ...latencyFigure(seen), unresolved: sweep.observed.length - seen.length, superseded: sweep.superseded },
  };
}
