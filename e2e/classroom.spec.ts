// What a teacher, a student and an engineer met, on the trained start: no silent collapse
// (the cap is on for global scope, a near-empty layer is flagged next to the slider),
// errors where you look (import), zips packed by any tool, Try it that reads right and
// warns on unknown words, charts that compare settings, a compare panel that knows about
// structure and the cap, and schedules beside a dense baseline trained as long.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { expect, test, type Page } from '@playwright/test';
import { readZip } from '../src/core/io/zip';
import { parsePercent, settled, waitForState } from './helpers';

const TRAINED = './?start=trained&test=1000';

async function trainedStart(page: Page, extra = ''): Promise<void> {
  await page.goto(`${TRAINED}${extra}`);
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
}

test('global scope caps every layer by default, and a near-empty layer is flagged beside the slider', async ({ page }) => {
  await trainedStart(page);
  await page.getByTestId('scope-select').selectOption('global');
  await expect(page.getByTestId('cap-toggle')).toBeChecked();
  await expect(page.getByTestId('cap-select')).toHaveValue('0.99');
  await page.getByTestId('cap-toggle').uncheck();
  await page.getByTestId('prune-slider').fill('0.99');
  await settled(page);
  const warning = page.getByTestId('empty-layer-warning');
  await expect(warning).toContainText('fc1 keeps');
  await expect(warning).toContainText('A per-layer cap (99%) keeps at least 1% of every layer');
  // The warning sits next to the slider, in the prune panel.
  await expect(page.locator('.prune-panel').getByTestId('empty-layer-warning')).toBeVisible();
  await page.getByTestId('cap-toggle').check();
  await settled(page);
  await expect(warning).toHaveCount(0);
  // With a 95 % cap the slider's 99 % cannot be reached: the page says why.
  await page.getByTestId('cap-select').selectOption('0.95');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('95.0%');
  await expect(page.getByTestId('cap-note')).toContainText('asks for 99%, but no layer may lose more than 95%');
});

test('import errors appear next to the import control, and a zip re-packed with deflate imports', async ({ page }) => {
  await trainedStart(page, '&rate=0.9&scope=global');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-zip-'));
  const original = join(dir, 'export.zip');
  await download.saveAs(original);
  await waitForState(page, 'ready');
  const files = Object.fromEntries(readZip(new Uint8Array(readFileSync(original))).map((e) => [e.name, e.data]));
  const deflated = join(dir, 'repacked.zip');
  writeFileSync(deflated, zipSync({ 'model.json': [files['model.json'], { level: 9 }], 'weights.bin': [files['weights.bin'], { level: 9 }] }));

  await page.getByTestId('import-input').setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"nope": 1}') });
  const inline = page.locator('.save-share').getByTestId('import-error');
  await expect(inline).toContainText('Import failed');
  await expect(page.getByTestId('error-message')).toContainText('Import failed');
  await expect(page.getByTestId('import-status')).toHaveCount(0);
  await page.getByTestId('import-input').setInputFiles(deflated);
  await expect(page.getByTestId('import-status')).toContainText('Imported repacked.zip as a checkpoint');
  await expect(inline).toHaveCount(0);
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
});

test('Try it reads the right way round and warns when the words are unknown', async ({ page }) => {
  await page.goto('./?start=trained&model=imdb&test=1000');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
  const input = page.getByTestId('review-input');
  await input.fill('A wonderful, brilliant film. I loved every minute of it.');
  await expect(page.getByTestId('review-dense-score')).toHaveText(/^positive \d+\.\d%$/);
  await input.fill('meh zyxxqw blorf');
  await expect(page.getByTestId('review-warning')).toContainText('Only 0 of these 3 words');
  await expect(page.locator('.tok.unknown')).toHaveText(['meh', 'zyxxqw', 'blorf']);
});

test('the accuracy chart tells settings apart; the compare panel knows about channels, compaction and N:M', async ({ page }) => {
  await trainedStart(page, '&rate=0.5');
  await page.getByTestId('scope-select').selectOption('global');
  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  await page.getByTestId('structure-select').selectOption('channels');
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  const legend = page.getByTestId('accuracy-curve').locator('.recharts-legend-item-text');
  for (const series of ['magnitude · per layer', 'magnitude · global', 'magnitude · global · channels', 'checkpoints \\(lines: made from\\)']) {
    await expect(legend.filter({ hasText: new RegExp(`^${series}$`) })).toHaveCount(1);
  }
  // Channel rate vs weight sparsity, and what Compact buys.
  const note = page.getByTestId('compare-note');
  await expect(note).toContainText('Global, the rate is the share of the selected weights held by removed channels');
  await expect(note).toContainText('press Compact');
  await page.getByTestId('compact-button').click();
  await expect(page.getByTestId('compact-summary')).toBeVisible({ timeout: 60_000 });
  await waitForState(page, 'ready');
  await expect(page.getByTestId('compare-compact')).toContainText(/Compacted, the model really is smaller and faster: [\d,]+ instead of 431,080 parameters/);
  // N:M: a pattern, its storage size, and the honest note.
  await page.getByTestId('structure-select').selectOption('nm');
  await settled(page);
  await expect(page.getByTestId('nm-select')).toHaveValue('2:4');
  await expect(page.getByTestId('nm-note')).toContainText('Browsers have no N:M kernels');
  await expect(page.getByTestId('compare-nm')).toContainText(/KiB \([\d.]+× smaller\)/);
  expect(parsePercent((await page.getByTestId('sparsity-total').textContent()) ?? '')).toBeGreaterThan(49);
});

test('an iterative run is shown beside a dense model trained for as many epochs', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?start=trained&test=1000&train=2000&rate=0.75&scope=global&schedule=iterative');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
  await page.getByTestId('schedule-rounds').fill('2');
  await expect(page.getByTestId('schedule-baseline')).toBeChecked();
  await page.getByTestId('schedule-run').click();
  const rows = page.getByTestId('schedule-results').locator('tbody tr');
  await expect(rows).toHaveCount(1, { timeout: 240_000 });
  await waitForState(page, 'ready');
  await expect(rows.first().getByTestId('schedule-baseline-accuracy')).toHaveText(/^\d+\.\d\d% \(2 epochs from the checkpoint\)$/);
});
