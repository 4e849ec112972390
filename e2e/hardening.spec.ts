// Nothing the user made is lost, no input freezes the page, every fault names what failed:
// autorun never retrains a restored experiment, long pastes stay responsive, a full
// browser is said plainly, two tabs keep each other's checkpoints, fast clicks after a run
// do not race, hostile files are refused at once with short messages, and a broken
// download names its file and recovers on Retry.
import { closeSync, mkdtempSync, openSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { settled, SMALL, waitForState, waitForTrained, watchLongTasks } from './helpers';

test('autorun never retrains a restored experiment, and a fine-tune after a reload is kept', async ({ page }) => {
  const url = `./?${SMALL}&autorun=1`;
  await page.goto(url);
  await waitForTrained(page);
  await expect(page.getByTestId('storage-status')).toContainText('Saved in this browser (1 checkpoint)');
  await page.reload();
  await expect(page.getByTestId('restored-note')).toBeVisible({ timeout: 60_000 });
  await settled(page);
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)', { timeout: 120_000 });
  await settled(page);
  await expect(page.getByTestId('train-progress')).not.toContainText('Epoch');
  await page.reload();
  await expect(page.getByTestId('restored-note')).toBeVisible({ timeout: 60_000 });
  await settled(page);
  await expect(page.getByTestId('anchor-select').locator('option')).toHaveCount(2);
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)');
});

test('a 1 MB paste into Try it leaves the page responsive', async ({ page }) => {
  const longTasks = await watchLongTasks(page, 200);
  await page.goto('./?start=trained&model=imdb&test=500');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
  const words = 'great film awful plot '.repeat(Math.ceil(1_000_000 / 22)).slice(0, 1_000_000);
  await page.getByTestId('review-input').fill(words);
  await expect(page.getByTestId('review-cut')).toContainText('Only the first 100,000 characters');
  await expect(page.getByTestId('review-tokens-shown').or(page.locator('.review-tokens'))).toContainText('the first 400 shown');
  await waitForState(page, 'ready');
  expect(Math.max(0, ...(await longTasks()))).toBeLessThan(1000);
});

test('a full browser is said plainly, nothing claims to be saved, and once there is room the waiting saves are written', async ({ page }) => {
  const cdp = await page.context().newCDPSession(page);
  await page.goto('./');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin, quotaSize: 200 * 1024 });
  await page.goto(`./?${SMALL}&autorun=1&seed=3`);
  await waitForTrained(page);
  await expect(page.getByTestId('storage-status')).toHaveAttribute('data-status', 'full');
  await expect(page.getByTestId('storage-status')).toContainText('storage is full');
  await expect(page.getByTestId('storage-status')).toContainText('Export');
  // Room again: the next checkpoint writes the dense model that waited, then itself, and the "full" message goes.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(page.url()).origin });
  await settled(page);
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('storage-status')).toContainText('Saved in this browser (2 checkpoints)', { timeout: 120_000 });
  await expect(page.getByTestId('storage-status')).not.toContainText('storage is full');
  await page.goto(`./?${SMALL}&seed=3`);
  await expect(page.getByTestId('restored-note')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)');
});

test('two tabs on one experiment keep each other’s checkpoints', async ({ page, context }) => {
  const url = `./?${SMALL}&autorun=1&seed=4`;
  await page.goto(url);
  await waitForTrained(page);
  const other = await context.newPage();
  await other.goto(url);
  await expect(other.getByTestId('restored-note')).toBeVisible({ timeout: 60_000 });
  await settled(other);
  for (const [tab, rate] of [
    [page, '0.5'],
    [other, '0.9'],
  ] as const) {
    await tab.getByTestId('prune-slider').fill(rate);
    await settled(tab);
    await tab.getByTestId('finetune-button').click();
    await expect(tab.getByTestId('anchor-select').locator('option')).toHaveCount(2, { timeout: 120_000 });
    await settled(tab);
  }
  await expect(other.getByTestId('storage-status')).toContainText('(3 checkpoints)');
  await expect(page.getByTestId('storage-status')).toContainText('(3 checkpoints');
  const third = await context.newPage();
  await third.goto(url);
  await expect(third.getByTestId('restored-note')).toBeVisible({ timeout: 60_000 });
  await settled(third);
  await expect(third.getByTestId('anchor-select').locator('option')).toHaveCount(3);
});

test('pressing Train right after a run or a slider change never says "Train the model before pruning it"', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&criterion=taylor&seed=5`);
  await waitForTrained(page);
  await page.getByTestId('prune-slider').fill('0.6');
  await page.getByTestId('train-button').click({ trial: false }).catch(() => undefined);
  await waitForTrained(page);
  await settled(page);
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  // Stop during training with a gradient criterion: fine-tune waits for the lab, then works.
  await page.getByTestId('train-button').click();
  await waitForState(page, 'training');
  await page.getByTestId('stop-button').click();
  await expect(page.getByTestId('finetune-button')).toBeDisabled();
  await settled(page);
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('anchor-select').locator('option')).toHaveCount(2, { timeout: 120_000 });
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});

test('hostile files are refused at once with short messages', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&seed=6`);
  await waitForTrained(page);
  const input = page.getByTestId('import-input');
  // Over the limit: refused from its size, before a byte is read.
  const started = Date.now();
  const huge = join(mkdtempSync(join(tmpdir(), 'prunelab-huge-')), 'huge.zip');
  closeSync(openSync(huge, 'w'));
  truncateSync(huge, 65 * 1024 * 1024);
  await input.setInputFiles(huge);
  await expect(page.getByTestId('import-error')).toContainText('Nothing was read');
  expect(Date.now() - started).toBeLessThan(15_000);
  // A 30 MB class name: the message quotes at most a few dozen characters of it.
  const json = `{"modelTopology":{"class_name":"${'A'.repeat(30 * 1024 * 1024)}","config":{}},"weightsManifest":[]}`;
  await input.setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  await expect(page.getByTestId('import-error')).toContainText('Import failed', { timeout: 30_000 });
  const message = (await page.getByTestId('import-error').textContent()) ?? '';
  expect(message.length).toBeLessThan(400);
  await settled(page);
});

test('a broken download names the file, and Retry recovers', async ({ page, context }) => {
  let broken = true;
  await context.route('**/data/mnist/t10k-images-idx3-ubyte.gz', (route) => (broken ? route.abort('connectionreset') : route.continue()));
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'error');
  await expect(page.getByTestId('error-message')).toContainText('Could not download mnist/t10k-images-idx3-ubyte.gz');
  await expect(page.getByTestId('error-message')).toContainText('Retry');
  broken = false;
  await page.getByRole('button', { name: 'Retry' }).click();
  await waitForState(page, 'ready');
  await expect(page.getByTestId('dataset-status')).toHaveText('MNIST: 512 training / 256 test images');
});
