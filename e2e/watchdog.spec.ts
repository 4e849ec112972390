// A stuck worker never hangs the page: the real lab worker is frozen (an endless loop run in
// it) while a slider move waits for it; the page's watchdog notices the silence, says so,
// starts a new worker from the checkpoints saved in this browser and the settings on screen,
// and the lab reaches ready with every checkpoint listed and a working slider.
import { expect, test, type Page, type Worker } from '@playwright/test';
import { parsePercent, settled, SMALL, waitForState, waitForTrained } from './helpers';

/** The lab's own worker (not tfjs's or the kernels' helper threads). */
async function labWorker(page: Page): Promise<Worker> {
  for (const w of page.workers()) {
    if (await w.evaluate(() => self.name).catch(() => '') === 'prunelab') return w;
  }
  throw new Error(`no lab worker among ${page.workers().map((w) => w.url()).join(', ')}`);
}

test('a frozen worker is noticed and replaced; checkpoints, settings and the slider survive', async ({ page }) => {
  test.setTimeout(300_000);
  // A short watchdog, which healthy training, fine-tuning and evaluation must never trip.
  await page.goto(`./?${SMALL}&autorun=1&watchdog=5`);
  await waitForTrained(page);
  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  await page.getByTestId('finetune-button').click();
  await waitForState(page, 'finetuning', 30_000);
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)', { timeout: 120_000 });
  await settled(page);
  const options = page.getByTestId('anchor-select').locator('option');
  await expect(options).toHaveCount(2);
  const tuned = await options.nth(1).textContent();
  await expect(page.getByTestId('worker-notice')).toHaveCount(0);

  // Freeze the worker for real (never awaited: it does not return), then ask it for work.
  const frozen = await labWorker(page);
  void frozen.evaluate(() => {
    for (;;);
  }).catch(() => undefined);
  await page.getByTestId('prune-slider').fill('0.8');
  await expect(page.getByTestId('app')).not.toHaveAttribute('data-state', 'ready');

  await expect(page.getByTestId('worker-notice')).toContainText('stopped answering', { timeout: 30_000 });
  await expect(page.getByTestId('worker-notice')).toContainText('started from the checkpoints saved in this browser');
  await waitForState(page, 'ready', 120_000);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  // Every checkpoint is still there, restored by the new worker.
  await expect(options).toHaveCount(2);
  await expect(options.nth(1)).toHaveText(tuned ?? '');
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)');
  // The settings on screen are kept: the slider where it was moved while the worker was stuck.
  await expect(page.getByTestId('prune-slider')).toHaveValue('0.8');
  // The slider works again, from the dense checkpoint and from the fine-tuned one, with accuracies shown.
  await page.getByTestId('anchor-select').selectOption('0');
  await settled(page);
  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await settled(page);
  expect(parsePercent(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(10);
  await page.getByTestId('anchor-select').selectOption('1');
  await settled(page);
  await page.getByTestId('prune-slider').fill('0.95');
  await expect(page.getByTestId('sparsity-total')).toHaveText('95.0%');
  await settled(page);
});
