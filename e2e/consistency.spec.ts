// One source of truth: what a new user met when features were combined. Every readout
// describes the model as it is (its actual zeros), "ready" means settled, the estimate
// shows while dragging, a restored page never shows another model's accuracy, and the
// address carries every control.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { settled, SMALL, waitForState, waitForTrained } from './helpers';

/** Records (data-state, sparsity, accuracy text, stale, estimate) every time the page changes. */
async function recordStates(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __states: string[][] };
    w.__states = [];
    const snap = () => {
      const app = document.querySelector('[data-testid="app"]');
      const acc = document.querySelector('[data-testid="test-accuracy"]');
      const row = [
        app?.getAttribute('data-state') ?? '',
        document.querySelector('[data-testid="sparsity-total"]')?.textContent ?? '',
        acc?.textContent ?? '',
        acc?.getAttribute('data-stale') ?? '',
        acc?.getAttribute('data-estimate') ?? '',
      ];
      const last = w.__states.at(-1);
      if (!last || last.join('|') !== row.join('|')) w.__states.push(row);
    };
    new MutationObserver(snap).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
}

const states = (page: Page) => page.evaluate(() => (window as unknown as { __states: string[][] }).__states);

test('pruning a 90 % checkpoint at 30 % reports the zeros it keeps, everywhere', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.9`);
  await waitForTrained(page);
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('anchor-select')).toHaveValue('1', { timeout: 60_000 });
  await settled(page);
  await page.getByTestId('prune-slider').fill('0.3');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await expect(page.getByTestId('nonzero-params')).toHaveText('43,050 / 430,500');
  await expect(page.getByTestId('below-anchor-note')).toContainText('already 90.0% sparse');
  await expect(page.getByTestId('compare-sparsity')).toHaveText('90.0%');
  await expect(page.getByTestId('layer-sparsity-chart').locator('rect[data-layer="fc2"]')).toHaveAttribute('data-zeros', '4500');
  await expect(page.getByTestId('anchor-select').locator('option').nth(1)).toContainText('90.0% zeros');
});

test('an imported 90 %-sparse model reads 90 %', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.9`);
  await waitForTrained(page);
  await settled(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const zip = join(mkdtempSync(join(tmpdir(), 'prunelab-')), 'model.zip');
  await download.saveAs(zip);
  await page.goto('./?train=512&test=256&epochs=1&seed=7');
  await waitForState(page, 'ready');
  await page.getByTestId('import-input').setInputFiles(zip);
  await expect(page.getByTestId('import-status')).toContainText('90.0%');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await expect(page.getByTestId('nonzero-params')).toHaveText('43,050 / 430,500');
  await expect(page.getByTestId('weight-histogram')).toContainText('fc1: 400,000 weights, 90.0% zeros');
});

test('data-state reads ready only once the link’s rate is applied and measured', async ({ page }) => {
  await recordStates(page);
  await page.goto(`./?${SMALL}&rate=0.7&autorun=1`);
  await waitForTrained(page);
  await settled(page);
  const seen = await states(page);
  const trainedAt = seen.findIndex((s) => s[0] === 'training');
  expect(trainedAt).toBeGreaterThanOrEqual(0);
  const readyAfter = seen.slice(trainedAt).filter((s) => s[0] === 'ready');
  expect(readyAfter.length).toBeGreaterThan(0);
  for (const [, sparsity, accuracy, stale] of readyAfter) {
    expect(sparsity).toBe('70.0%');
    expect(accuracy).toMatch(/%$/);
    expect(stale).toBe('false');
  }
});

test('while dragging, the quick estimate shows before the full test set is measured', async ({ page }) => {
  await recordStates(page);
  await page.goto('./?train=512&test=2000&epochs=1&seed=1&autorun=1');
  await waitForTrained(page);
  await settled(page);
  await page.getByTestId('prune-slider').fill('0.95');
  await settled(page);
  const after = (await states(page)).filter((s) => s[1] === '95.0%');
  const estimate = after.findIndex((s) => s[4] === 'true' && s[3] === 'false');
  const full = after.findIndex((s) => s[4] === 'false' && s[3] === 'false');
  expect(estimate, 'an estimate was shown for the new setting').toBeGreaterThanOrEqual(0);
  expect(estimate).toBeLessThan(full);
});

test('a restored page never shows another checkpoint’s accuracy beside its sparsity', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.9`);
  await waitForTrained(page);
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('storage-status')).toContainText('(2 checkpoints)', { timeout: 120_000 });
  await settled(page);
  const tuned = await page.getByTestId('test-accuracy').textContent();
  await recordStates(page);
  await page.reload();
  await expect(page.getByTestId('restored-note')).toBeVisible({ timeout: 60_000 });
  await settled(page);
  const shown = (await states(page)).filter((s) => s[1] === '90.0%' && s[3] === 'false' && s[4] === 'false');
  expect(shown.length).toBeGreaterThan(0);
  for (const s of shown) expect(s[2]).toBe(tuned);
});

test('the address carries the layer selection and the per-layer cap', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await page.getByTestId('layer-toggle-conv1').click();
  await page.getByTestId('scope-select').selectOption('global');
  await page.getByTestId('cap-select').selectOption('0.9');
  await settled(page);
  await expect.poll(() => new URL(page.url()).search).toContain('scope=global&cap=0.9&layers=conv2,fc1,fc2');
  await page.reload();
  await waitForState(page, 'ready');
  await expect(page.getByTestId('layer-toggle-conv1')).not.toBeChecked();
  await expect(page.getByTestId('layer-toggle-fc1')).toBeChecked();
  await expect(page.getByTestId('cap-select')).toHaveValue('0.9');
});

test('an experiment ends with the page ready at once: no dead time after a sweep', async ({ page }) => {
  await page.goto('./?train=512&test=2000&epochs=1&seed=1&autorun=1');
  await waitForTrained(page);
  await settled(page);
  for (const c of ['taylor', 'fisher']) await page.getByTestId(`sweep-criterion-${c}`).check();
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-chart').locator('svg path[data-series]')).toHaveCount(4, { timeout: 150_000 });
  await waitForState(page, 'ready', 2_000);
  await expect(page.getByTestId('finetune-button')).toBeEnabled();
});

test('checkpoints read apart, and the run summary agrees with itself', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.99`);
  await waitForTrained(page);
  await expect(page.locator('.run-summary')).toHaveText(/^Trained in [\d.]+ s at [\d,]+ images\/s, plus [\d.]+ s measuring the test set$/);
  for (let i = 0; i < 2; i++) {
    await page.getByTestId('finetune-button').click();
    await expect(page.getByTestId('anchor-select').locator('option')).toHaveCount(i + 2, { timeout: 60_000 });
    await settled(page);
    if (i === 0) await page.getByTestId('anchor-select').selectOption('0');
    await settled(page);
  }
  const labels = await page.getByTestId('anchor-select').locator('option').allTextContents();
  expect(new Set(labels).size).toBe(labels.length);
  // The result of a fine-tune shows only beside the checkpoint it made.
  await page.getByTestId('anchor-select').selectOption('0');
  await settled(page);
  await expect(page.getByTestId('finetune-status')).toHaveCount(0);
});
