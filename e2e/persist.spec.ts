// Browser storage: a reload restores the trained (and fine-tuned) model from IndexedDB
// without retraining; Reset forgets it and the lab trains again.
import { expect, test, type Page } from '@playwright/test';
import { parsePercent, settled, SMALL, waitForState, waitForTrained } from './helpers';

/** Records, from page load on, whether the training progress ever showed a batch. */
async function watchTraining(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __sawBatch: boolean };
    w.__sawBatch = false;
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="train-progress"]')?.textContent?.includes('batch')) w.__sawBatch = true;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const sawBatch = (page: Page) => page.evaluate(() => (window as unknown as { __sawBatch: boolean }).__sawBatch);

test('a reload restores the trained and fine-tuned model without retraining; Reset retrains', async ({ page }) => {
  await watchTraining(page);
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  expect(await sawBatch(page)).toBe(true); // the watcher sees training when it happens
  await expect(page.getByTestId('storage-status')).toContainText('Saved in this browser (1 checkpoint)');
  const dense = await page.getByTestId('dense-accuracy').textContent();

  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  const pruned = await page.getByTestId('test-accuracy').textContent();
  await page.getByTestId('finetune-button').click();
  await waitForState(page, 'finetuning', 30_000);
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)', { timeout: 120_000 });
  await settled(page);
  const tuned = await page.getByTestId('anchor-select').locator('option').nth(1).textContent();
  const tunedAccuracy = await page.getByTestId('test-accuracy').textContent();

  await page.reload();
  await expect(page.getByTestId('restored-note')).toContainText("Restored from this browser's storage, trained", { timeout: 60_000 });
  await expect(page.getByTestId('dense-accuracy')).toHaveText(dense ?? '');
  await settled(page);
  // Restored as it was before the reload: the fine-tuned checkpoint at 90 %, measured again.
  await expect(page.getByTestId('anchor-select')).toHaveValue('1');
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await expect(page.getByTestId('test-accuracy')).toHaveText(tunedAccuracy ?? '');
  // From the dense checkpoint, the same rate gives the same accuracy as before the reload.
  await page.getByTestId('anchor-select').selectOption('0');
  await settled(page);
  await expect(page.getByTestId('test-accuracy')).toHaveText(pruned ?? '');
  await page.getByTestId('prune-slider').fill('0');
  await settled(page);
  await expect(page.getByTestId('test-accuracy')).toHaveText(dense ?? '');
  await expect(page.getByTestId('anchor-select').locator('option')).toHaveCount(2);
  await expect(page.getByTestId('anchor-select').locator('option').nth(1)).toHaveText(tuned ?? '');
  await expect(page.getByTestId('storage-status')).toContainText('Restored from this browser');
  await expect(page.getByTestId('train-progress')).not.toContainText('batch');
  expect(await sawBatch(page)).toBe(false);
  // The restored model prunes like a trained one.
  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await settled(page);
  expect(parsePercent(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(0);

  // Reset says what it deletes, forgets the stored models once confirmed and reloads; with autorun the model trains again.
  await page.getByTestId('reset-button').click();
  await expect(page.getByTestId('reset-dialog')).toContainText(/Reset deletes \d+ stored checkpoints? of every experiment \(\d+ of these settings/);
  await page.getByTestId('reset-confirm').click();
  await expect(page.getByTestId('train-progress')).toContainText('batch', { timeout: 60_000 });
  await waitForTrained(page);
  await expect(page.getByTestId('restored-note')).toHaveCount(0);
  await expect(page.getByTestId('dense-accuracy')).toHaveText(dense ?? ''); // same seed, same data: same model
  await expect(page.getByTestId('storage-status')).toContainText('Saved in this browser (1 checkpoint)');
});

test('a stored model is only restored for the same settings', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await expect(page.getByTestId('storage-status')).toContainText('Saved in this browser');
  await page.goto('./?train=512&test=256&epochs=1&seed=2');
  await waitForState(page, 'ready');
  await expect(page.getByTestId('storage-status')).toContainText('Nothing saved for these settings');
  await expect(page.getByTestId('dense-accuracy')).toHaveText('—');
  await expect(page.getByTestId('train-button')).toBeEnabled();
});
