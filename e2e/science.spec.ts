// Pruning science on small data: a sweep with two criteria draws both series (and Han et
// al.'s marker) and matches its baseline; whole-channel pruning compacts into a smaller
// model with the same outputs; the criterion select rescores the masks and is written to
// the URL; a schedule finishes as a new checkpoint, and a longer one shows progress, stops,
// and leaves the lab usable.
import { expect, test, type Page } from '@playwright/test';
import { parsePercent, settled, SMALL, waitForState, waitForTrained } from './helpers';

const urlParam = (page: Page, key: string) => new URL(page.url()).searchParams.get(key);

test('a sweep of magnitude and random draws both series with the reference marker', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await settled(page);
  await expect(page.getByTestId('sweep-criterion-magnitude')).toBeChecked();
  await expect(page.getByTestId('sweep-criterion-random')).toBeChecked();
  await expect(page.getByTestId('sweep-criterion-taylor')).not.toBeChecked();

  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', /evaluating|ready/);
  const chart = page.getByTestId('sweep-chart');
  await expect(chart.locator('svg path[data-series]')).toHaveCount(2, { timeout: 60_000 });
  await waitForState(page, 'ready');
  await expect(chart.locator('.chart-legend li[data-series]')).toHaveText([/^\s*magnitude/, /^\s*random/]);
  // 1 anchor point is shared; 7 rates each: 8 points per series.
  await expect(chart.locator('svg circle')).toHaveCount(16);
  await expect(chart.locator('[data-ref="han"]')).toHaveCount(1);
  await expect(chart).toContainText('256 test examples');
  await expect(chart).toHaveScreenshot('sweep-magnitude-random.png');
  // The sweep put the model back: the slider still works and measures as before.
  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await settled(page);
});

test('whole channels at 50 % compact into a smaller model with the same outputs', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&structure=channels&rate=0.5`);
  await waitForTrained(page);
  await settled(page);
  await expect(page.getByTestId('structure-select')).toHaveValue('channels');
  const compact = page.getByTestId('compact-button');
  await expect(compact).toBeEnabled();
  await compact.click();
  const summary = page.getByTestId('compact-summary');
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await waitForState(page, 'ready');
  const dense = Number(await summary.getAttribute('data-dense-params'));
  const small = Number(await summary.getAttribute('data-compact-params'));
  const maxDiff = Number(await summary.getAttribute('data-max-diff'));
  expect(dense).toBe(431080);
  expect(small).toBeGreaterThan(0);
  expect(small).toBeLessThan(dense);
  expect(maxDiff).toBeLessThanOrEqual(1e-5);
  await expect(page.getByTestId('compact-check')).toContainText('outputs equal within 1e-5');
  // The numbers shown match the attributes.
  await expect(summary).toContainText(small.toLocaleString('en-US'));

  // Back to single weights: nothing to compact, and the old summary is gone.
  await page.getByTestId('structure-select').selectOption('weights');
  await settled(page);
  await expect(compact).toBeDisabled();
  await expect(summary).toHaveCount(0);
});

test('criterion taylor rescoring keeps the rate, is in the URL; schedules run, stop and leave the lab usable', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.5`);
  await waitForTrained(page);
  await settled(page);
  const magnitude = parsePercent(await page.getByTestId('test-accuracy').textContent());

  await page.getByTestId('criterion-select').selectOption('taylor');
  await expect.poll(() => urlParam(page, 'criterion')).toBe('taylor');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await expect(page.getByText('the weights with the lowest taylor scores')).toBeVisible();
  const taylor = parsePercent(await page.getByTestId('test-accuracy').textContent());
  console.log(`50 % per layer, 256 test examples: magnitude ${magnitude}%, taylor ${taylor}%`);

  // A short iterative run finishes and becomes a new checkpoint at the slider's sparsity.
  await page.getByTestId('schedule-select').selectOption('iterative');
  await expect.poll(() => urlParam(page, 'schedule')).toBe('iterative');
  await page.getByTestId('schedule-rounds').fill('2');
  await page.getByTestId('schedule-run').click();
  await expect(page.getByTestId('schedule-results').locator('tbody tr')).toHaveCount(1, { timeout: 90_000 });
  await waitForState(page, 'ready');
  await expect(page.getByTestId('schedule-results').locator('tbody tr').first()).toContainText('2 rounds');
  await expect(page.getByTestId('anchor-select').locator('option')).toHaveCount(2);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');

  // A longer one shows its progress and stops on request; it is discarded.
  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  // (the longest the controls allow, 100 epochs: training is fast enough now that a short one
  // could finish before the click)
  await page.getByTestId('schedule-rounds').fill('10');
  await page.getByTestId('schedule-epochs').fill('10');
  await page.getByTestId('schedule-run').click();
  const progress = page.getByTestId('science-progress');
  await expect(progress).toHaveAttribute('data-job', 'iterative');
  await expect(progress).toContainText('fine-tuning', { timeout: 60_000 });
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', /finetuning|pruning/);
  await expect(page.getByTestId('prune-slider')).toBeDisabled();
  await page.getByTestId('job-stop').click();
  await waitForState(page, 'ready', 60_000);
  await expect(progress).toHaveCount(0);
  const rows = page.getByTestId('schedule-results').locator('tbody tr');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(1)).toContainText('stopped, discarded');
  await expect(page.getByTestId('anchor-select').locator('option')).toHaveCount(2);

  // Still usable: the slider prunes and measures.
  await page.getByTestId('prune-slider').fill('0.6');
  await expect(page.getByTestId('sparsity-total')).toHaveText('60.0%');
  await settled(page);
});
