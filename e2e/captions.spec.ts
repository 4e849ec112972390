// Captions that agree with themselves: timings sit in their sentences without gaps, the
// IMDB counts are the data's, Try it marks the words the pruned model lost, checkpoints say
// where they came from, and a schedule says how long it takes and where its results are.
import { expect, test, type Page } from '@playwright/test';
import { SMALL, settled, waitForTrained } from './helpers';

/** Each visible timing's box width minus the width of its own text (a gap shows as a large excess). */
function timingGaps(page: Page): Promise<{ text: string; excess: number }[]> {
  return page.locator('[data-timing]').evaluateAll((els) =>
    els
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return { text: el.textContent ?? '', excess: el.getBoundingClientRect().width - range.getBoundingClientRect().width };
      }),
  );
}

test('timings sit in their sentences without a gap after them', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await expect(page.locator('.run-summary')).toContainText('measuring the test set');
  const gaps = await timingGaps(page);
  expect(gaps.length).toBeGreaterThan(1);
  for (const g of gaps) expect(g.excess, `"${g.text}"`).toBeLessThan(2);
  // The sentence reads as one: no run of spaces before the punctuation after a timing.
  await expect(page.locator('.run-summary')).toHaveText(/images\/s, plus \S+/);
});

test('IMDB: the experiment and the dataset show the same counts, those the data has', async ({ page }) => {
  await page.goto('./?model=imdb&train=25000&test=25000');
  await expect(page.getByTestId('url-warnings')).toContainText('Invalid train="25000" (an integer 1–24791): using 24791.');
  await expect(page.getByTestId('dataset-status')).toHaveText('IMDB: 24,791 training / 24,791 test reviews', { timeout: 120_000 });
  await expect(page.getByTestId('experiment-settings').locator('summary')).toContainText('Experiment: 24,791 training / 24,791 test reviews');
});

test('IMDB Try it: words whose embedding row is pruned are counted and marked; an empty box has no score', async ({ page }) => {
  await page.goto('./?model=imdb&train=2000&test=500&epochs=1&seed=1&autorun=1');
  await waitForTrained(page);
  await page.getByLabel('embedding', { exact: true }).check();
  await page.getByTestId('rows-toggle-embedding').check();
  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  await expect(page.getByTestId('rows-summary')).toContainText('1,000 of 10,002 rows kept');
  const input = page.getByTestId('review-input');
  await input.fill('An awful, boring film. The acting was terrible and I hated every minute of it. Zyxxqw!');
  const counts = page.getByTestId('review-word-counts');
  await expect(counts).toContainText('1 unknown');
  await expect(counts).toContainText(/\b([1-9]\d*) removed by pruning/);
  const removed = Number((/(\d+) removed by pruning/.exec((await counts.textContent()) ?? '') ?? [])[1]);
  await expect(page.locator('.tok.removed')).toHaveCount(removed);
  await expect(page.locator('.tok.unknown')).toHaveText(['zyxxqw']);

  await input.fill('');
  await expect(page.getByTestId('review-dense-score')).toHaveText('—');
  await expect(page.getByTestId('review-pruned-score')).toHaveText('—');
  await expect(page.locator('.review-scores')).toContainText('type a review');
});

test('checkpoints name their parent, method and epochs, and the chart joins each to its parent', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.9`);
  await waitForTrained(page);
  await settled(page);
  const options = page.getByTestId('anchor-select').locator('option');
  await page.getByTestId('finetune-button').click();
  await expect(options).toHaveCount(2, { timeout: 60_000 });
  await settled(page);
  await page.getByTestId('anchor-select').selectOption('0');
  await settled(page);
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  await page.getByTestId('finetune-button').click();
  await expect(options).toHaveCount(3, { timeout: 60_000 });
  await settled(page);
  await expect(options.nth(0)).toContainText('#0 dense · trained 1 epoch · 0.0% zeros');
  await expect(options.nth(1)).toContainText('#1 fine-tuned 1 epoch from #0 · magnitude 90% per layer · 90.0% zeros');
  await expect(options.nth(2)).toContainText('#2 fine-tuned 1 epoch from #0 · magnitude 50% per layer · 50.0% zeros');
  // #2 is less sparse than #1: joined by sparsity the line would run #0 → #2 → #1.
  const chart = page.getByTestId('accuracy-curve');
  await expect(chart).toHaveAttribute('data-edges', '0-1 0-2');
  await expect(chart.locator('.checkpoint-edge path.recharts-line-curve')).toHaveCount(2);
});

test('a schedule says how long it will take, marks the charts while it runs, and shows its results beside its Run button', async ({ page }) => {
  await page.goto('./?train=2000&test=500&epochs=1&seed=1&autorun=1&rate=0.75&schedule=agp');
  await waitForTrained(page);
  await settled(page);
  const estimate = page.getByTestId('schedule-estimate');
  // AGP for 1 epoch with its dense baseline: 2 epochs of training, measured before, after its epoch and the baseline's.
  await expect(estimate).toContainText(/^Takes about \S+( \S+)*? on this device: 2 training epochs over 2,000 images at [\d,]+ images\/s, and 3 test-set passes\.$/);
  await page.getByTestId('schedule-epochs').fill('3');
  await page.getByTestId('schedule-baseline').uncheck();
  await expect(estimate).toContainText('3 training epochs over 2,000 images');
  const expected = Number(await estimate.getAttribute('data-seconds'));
  expect(expected).toBeGreaterThan(0);

  const started = Date.now();
  await page.getByTestId('schedule-run').click();
  await expect(page.getByTestId('science-progress')).toBeVisible();
  await expect(page.getByTestId('schedule-charts-note')).toContainText("the charts of this panel still show the slider's one-shot setting");
  const results = page.locator('.method-controls').getByTestId('schedule-results');
  await expect(results.locator('tbody tr')).toHaveCount(1, { timeout: 120_000 });
  console.log(`AGP, 3 epochs over 2,000 images: estimated ${expected} s, took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await expect(page.getByTestId('schedule-charts-note')).toHaveCount(0);
  // The table follows its Run button, not the science panel three sections further down.
  const button = await page.getByTestId('schedule-run').boundingBox();
  const table = await results.boundingBox();
  expect(button && table && table.y - (button.y + button.height)).toBeLessThan(300);
});

test('the trained start measures this device for the schedule estimate', async ({ page }) => {
  await page.goto('./?start=trained&rate=0.92&schedule=iterative');
  await expect(page.getByTestId('schedule-estimate')).toContainText(/^Takes about .+ on this device: 6 training epochs over 60,000 images at [\d,]+ images\/s, and 8 test-set passes\.$/, { timeout: 120_000 });
});
