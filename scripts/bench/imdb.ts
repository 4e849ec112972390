// The bench's IMDB figure: training reviews per second of the bag-of-words sentiment model
// (batch 64, one epoch on a subset, after warm-up), on a fresh page for the same backend.

import type { Page } from '@playwright/test';
import { runFigure, type RunFigure } from './figures';
import type { Profile } from './profiles';
import { trainAt } from './runs';

export interface ImdbFigure extends RunFigure {
  readonly train: number;
}

export async function imdbRun(page: Page, base: string, p: Profile, timeoutMs: number): Promise<ImdbFigure> {
  const url = `${base}?model=imdb&train=${p.imdbTrain}&test=500&epochs=1&seed=1&autorun=1&backend=${p.backend}`;
  const { reports, run } = await trainAt(page, url, p.backend, () => timeoutMs);
  return { ...runFigure(reports, p.imdbTrain, 1, run), train: p.imdbTrain };
}
