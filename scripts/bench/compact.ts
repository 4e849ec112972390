// The bench's compaction figure: on the trained LeNet-5 page, prune 50 % of whole
// channels (conv filters, fc1 neurons), press Compact and read the app's own measurement of
// inference speed for the full-size masked model and the genuinely smaller compact one.

import type { Page } from '@playwright/test';
import { BenchSkip } from './page';
import { settleAt } from './runs';

export interface CompactFigure {
  readonly denseParams: number;
  readonly compactParams: number;
  readonly denseImagesPerSec: number;
  readonly compactImagesPerSec: number;
  readonly maxDiff: number;
}

export async function compactRun(page: Page, timeoutMs: number): Promise<CompactFigure> {
  await page.getByTestId('structure-select').selectOption('channels');
  await settleAt(page, 0.5, timeoutMs);
  const button = page.getByTestId('compact-button');
  await button.click({ timeout: timeoutMs });
  const summary = page.getByTestId('compact-summary');
  try {
    await summary.waitFor({ state: 'visible', timeout: timeoutMs });
  } catch {
    throw new BenchSkip(`no compact summary within ${Math.round(timeoutMs / 1000)} s`);
  }
  const num = async (name: string) => Number(await summary.getAttribute(name));
  return {
    denseParams: await num('data-dense-params'),
    compactParams: await num('data-compact-params'),
    denseImagesPerSec: Math.round(await num('data-dense-ips')),
    compactImagesPerSec: Math.round(await num('data-compact-ips')),
    maxDiff: await num('data-max-diff'),
  };
}
