// The IMDB text classifier on a small subset: train, prune the dense layers to 50 %,
// score a typed review with the dense and the pruned model; prune embedding rows.
import { expect, test } from '@playwright/test';
import { settled, waitForState, waitForTrained } from './helpers';

const IMDB = 'model=imdb&train=2000&test=500&epochs=1&seed=1';

test('train, prune to 50 %, and score a typed review with both models', async ({ page }) => {
  await page.goto(`./?${IMDB}&autorun=1`);
  await expect(page.getByTestId('model-select')).toHaveValue('imdb');
  await expect(page.getByTestId('dataset-status')).toHaveText('IMDB: 2,000 training / 500 test reviews');
  const dense = await waitForTrained(page);
  expect(dense).toBeGreaterThan(55); // a single epoch on 2,000 reviews: clearly better than a coin
  await expect(page.getByLabel('embedding', { exact: true })).not.toBeChecked();

  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await expect(page.getByTestId('nonzero-params')).toHaveText('10,100 / 20,200');
  await settled(page);

  const input = page.getByTestId('review-input');
  await input.fill('An awful, boring film. The acting was terrible and I hated every minute of it. Zyxxqw!');
  // Labels read the right way round: the verdict, then its probability.
  await expect(page.getByTestId('review-dense-score')).toHaveText(/^(positive|negative) \d+\.\d%$/);
  await expect(page.getByTestId('review-pruned-score')).toHaveText(/^(positive|negative) \d+\.\d%$/);
  await expect(page.locator('.tok.unknown')).toHaveText(['zyxxqw']);
  const positive = async () => Number(await page.getByTestId('review-dense-score').getAttribute('data-positive'));
  const negative = await positive();
  await input.fill('A wonderful, brilliant film. The acting was superb and I loved every minute of it.');
  await expect(page.locator('.tok.unknown')).toHaveCount(0);
  await expect.poll(positive).toBeGreaterThan(negative);

  await expect(page.getByTestId('layer-sparsity-chart')).toHaveScreenshot('imdb-layer-sparsity-50.png');
  await expect(page.getByTestId('weight-histogram')).toHaveScreenshot('imdb-histograms-50.png');
});

test('pruning whole embedding rows reports the rows kept and the bytes saved', async ({ page }) => {
  await page.goto(`./?${IMDB}&autorun=1`);
  await waitForTrained(page);
  await page.getByLabel('embedding', { exact: true }).check();
  await page.getByTestId('rows-toggle-embedding').check();
  await page.getByTestId('prune-slider').fill('0.5');
  // 5,001 of 10,002 rows of 100 weights, plus half of fc1 and fc2
  await expect(page.getByTestId('nonzero-params')).toHaveText('510,200 / 1,020,400');
  await settled(page);
  await expect(page.getByTestId('rows-summary')).toContainText('5,001 of 10,002 rows kept');
  await expect(page.getByTestId('rows-summary')).toContainText('1953.5 KiB instead of 3907.0 KiB');
});

test('the model picker switches between LeNet-5 and the text classifier', async ({ page }) => {
  await page.goto('./?train=512&test=256&seed=3');
  await waitForState(page, 'ready');
  await page.getByTestId('model-select').selectOption('imdb');
  await expect(page).toHaveURL(/model=imdb/);
  await expect(page).toHaveURL(/seed=3/);
  await expect(page.getByRole('heading', { name: /Train Text classifier/ })).toBeVisible();
  await waitForState(page, 'ready');
  await expect(page.getByTestId('dataset-status')).toContainText('IMDB: 24,791 training');
});
