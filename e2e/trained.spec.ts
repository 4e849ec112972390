// The class demo in a minute: the trained start (?start=trained) loads the tutorial's
// LeNet-5 (or the IMDB model) already trained with the tutorial's settings, says where it
// came from, and is ready to prune within seconds; the bare page offers it.
import { expect, test } from '@playwright/test';
import { parsePercent, settled, waitForState } from './helpers';

test('?start=trained is ready to prune with the trained LeNet-5 within 30 s', async ({ page }) => {
  const started = Date.now();
  await page.goto('./?start=trained');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 30_000 });
  await waitForState(page, 'ready', Math.max(1, 30_000 - (Date.now() - started)));
  const seconds = (Date.now() - started) / 1000;
  console.log(`trained start: ready in ${seconds.toFixed(1)} s, dense ${await page.getByTestId('dense-accuracy').textContent()}`);
  expect(parsePercent(await page.getByTestId('dense-accuracy').textContent())).toBeGreaterThanOrEqual(98.0);
  await expect(page.getByTestId('shipped-note')).toContainText('trained with the tutorial');
  await expect(page.getByTestId('shipped-note')).toContainText('scripts/build/train-shipped.ts');
  await expect(page.getByTestId('dataset-status')).toHaveText('MNIST: 60,000 training / 10,000 test images');
  // Pruning works at once: 90 % global (with the default per-layer cap) keeps most of the accuracy.
  await page.getByTestId('scope-select').selectOption('global');
  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  expect(parsePercent(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(90);
  // the training files are not fetched on a trained start: the button says what it will download first
  await expect(page.getByTestId('train-button')).toHaveText(/^Train again \(downloads \d+\.\d MB of training data first\)$/);
});

test('the IMDB model has a trained start too', async ({ page }) => {
  await page.goto('./?start=trained&model=imdb&test=2000');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await waitForState(page, 'ready');
  expect(parsePercent(await page.getByTestId('dense-accuracy').textContent())).toBeGreaterThan(80);
  await expect(page.getByTestId('shipped-note')).toContainText('Text classifier');
});

test('the bare page says how long training takes here and offers the trained start', async ({ page }) => {
  await page.goto('./?train=512&test=256&epochs=1');
  await waitForState(page, 'ready');
  await expect(page.getByTestId('train-estimate')).toHaveText(/takes about .+ on this device \(measured: [\d,]+ images\/s\)/);
  await expect(page.getByTestId('small-data-hint')).toContainText('too few examples');
  await expect(page.getByTestId('quick-preset')).toHaveAttribute('href', /train=10000(&test=\d+)?&epochs=1/);
  await page.getByTestId('start-trained').click();
  await expect(page).toHaveURL(/start=trained/);
  await expect(page.getByTestId('shipped-note')).toBeVisible({ timeout: 30_000 });
});
