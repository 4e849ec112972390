// The bench's IMDB figure: training reviews per second of the bag-of-words sentiment model
// (batch 64, one epoch on a subset, after warm-up), on a fresh page for the same backend.

import type { Page } from '@playwright/test';
import { runFigure, type RunFigure } from './figures';
import { BenchSkip, readPerf, waitForBackend, waitForPerf } from './page';
import type { Profile } from './profiles';

export interface ImdbFigure extends RunFigure {
  readonly train: number;
}

export async function imdbRun(page: Page, base: string, p: Profile, timeoutMs: number): Promise<ImdbFigure> {
  await page.goto(`${base}?model=imdb&train=${p.imdbTrain}&test=500&epochs=1&seed=1&autorun=1&backend=${p.backend}`);
  const chosen = await waitForBackend(page, Math.min(60_000, timeoutMs));
  if (chosen.state === 'error') throw new BenchSkip(`the app failed: ${chosen.error || chosen.notices}`);
  if (chosen.backend !== p.backend) throw new BenchSkip(`the page runs on ${chosen.backend}, not ${p.backend}`);
  await waitForPerf(page, { list: 'runs', kind: 'train', after: 0 }, timeoutMs);
  const perf = await readPerf(page);
  const own = perf.trainReports.filter((r) => r.kind === 'train');
  return { ...runFigure(own, p.imdbTrain, 1, perf.runs.find((r) => r.kind === 'train')), train: p.imdbTrain };
}
