// The bench's two page drills shared by its stages: load an autorun URL and wait for its
// training run (LeNet-5 runs, the IMDB run), and settle the slider at a rate until the
// full test set has been measured (inference figures, compaction).

import type { Page } from '@playwright/test';
import { BenchSkip, countMatching, readPerf, waitForBackend, waitForPerf, type RunRecord, type TrainReport } from './page';

export interface TrainedPage {
  /** The run's own training reports, and the app's record of the run. */
  readonly reports: TrainReport[];
  readonly run: RunRecord | undefined;
}

/**
 * Opens an autorun `url` and waits until it has trained on `backend`. `timeoutMs` is asked
 * afresh for each wait (the bench's deadline shrinks meanwhile); the backend wait is capped at 60 s.
 */
export async function trainAt(page: Page, url: string, backend: string, timeoutMs: () => number): Promise<TrainedPage> {
  await page.goto(url);
  const chosen = await waitForBackend(page, Math.min(60_000, timeoutMs()));
  if (chosen.state === 'error') throw new BenchSkip(`the app failed: ${chosen.error || chosen.notices}`);
  if (chosen.backend !== backend) throw new BenchSkip(`the page runs on ${chosen.backend}, not ${backend}: ${chosen.notices}`);
  await waitForPerf(page, { list: 'runs', kind: 'train', after: 0 }, timeoutMs());
  const perf = await readPerf(page);
  return { reports: perf.trainReports.filter((r) => r.kind === 'train'), run: perf.runs.find((r) => r.kind === 'train') };
}

/** Moves the slider to `rate` and waits for the full test-set measurement that follows. */
export async function settleAt(page: Page, rate: number, timeoutMs: number): Promise<void> {
  const before = countMatching(await readPerf(page), { list: 'evals', fullOnly: true });
  await page.getByTestId('prune-slider').fill(String(rate));
  await waitForPerf(page, { list: 'evals', fullOnly: true, after: before }, timeoutMs);
}
