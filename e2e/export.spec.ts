// Export / import: the pruned model downloads as one ZIP (model.json + weights.bin, model.onnx,
// masks.json, report.json); importing it, whole or as model.json + weights.bin, gives the
// same test accuracy; a corrupt or foreign file is rejected with a message.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readZip } from '../src/core/io/zip';
import { settled, SMALL, waitForState, waitForTrained } from './helpers';

test('export, then import of the same model gives the identical test accuracy', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.9`);
  await waitForTrained(page);
  await settled(page);
  const accuracy = (await page.getByTestId('test-accuracy').textContent()) ?? '';

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  expect(download.suggestedFilename()).toBe('prunelab-lenet5-90.0pct.zip');
  const zipPath = join(mkdtempSync(join(tmpdir(), 'prunelab-')), download.suggestedFilename());
  await download.saveAs(zipPath);
  await expect(page.getByTestId('export-status')).toContainText(`test accuracy ${accuracy} on 256 examples, 90.0% of prunable weights zero`);
  const files = new Map(readZip(new Uint8Array(readFileSync(zipPath))).map((e) => [e.name, e.data]));
  expect([...files.keys()]).toEqual(['model.json', 'weights.bin', 'masks.json', 'model.onnx', 'report.json']);
  const report = JSON.parse(Buffer.from(files.get('report.json') ?? []).toString()) as {
    accuracy: { test: number; examples: number };
    layers: { name: string; sparsity: number }[];
    bytes: { dense: number; csr: number; gzip: number };
  };
  expect(`${(report.accuracy.test * 100).toFixed(2)}%`).toBe(accuracy);
  expect(report.layers.map((l) => [l.name, l.sparsity.toFixed(3)])).toEqual([
    ['conv1', '0.900'],
    ['conv2', '0.900'],
    ['fc1', '0.900'],
    ['fc2', '0.900'],
  ]);
  expect(report.bytes.csr).toBeLessThan(report.bytes.dense);

  // Import the ZIP into the same lab: a new checkpoint, measured on the same test set.
  await page.getByTestId('import-input').setInputFiles(zipPath);
  await expect(page.getByTestId('import-status')).toContainText(`test accuracy ${accuracy} on 256 examples, 90.0%`);
  await expect(page.getByTestId('anchor-select')).toHaveValue('1');
  await settled(page);
  await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy);

  // model.json + weights.bin chosen separately, into a lab that has not trained.
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-files-'));
  for (const name of ['model.json', 'weights.bin']) writeFileSync(join(dir, name), files.get(name) ?? new Uint8Array());
  await page.goto('./?train=512&test=256&epochs=1&seed=2');
  await waitForState(page, 'ready');
  await expect(page.getByTestId('dense-accuracy')).toHaveText('—');
  await page.getByTestId('import-input').setInputFiles([join(dir, 'model.json'), join(dir, 'weights.bin')]);
  await expect(page.getByTestId('import-status')).toContainText(`Imported model.json + weights.bin as a checkpoint: test accuracy ${accuracy}`);
  await settled(page);
  await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy);
  await expect(page.getByTestId('confusion-matrix')).toHaveAttribute('data-examples', '256');
});

test('a corrupt or foreign import shows error-message and the lab keeps working', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await settled(page);
  const input = page.getByTestId('import-input');

  await input.setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from('{"modelTopology": oops') });
  await expect(page.getByTestId('error-message')).toContainText('Import failed: model.json is not valid JSON');
  await page.getByRole('button', { name: 'Dismiss' }).click();

  await input.setInputFiles({ name: 'cat.png', mimeType: 'image/png', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]) });
  await expect(page.getByTestId('error-message')).toContainText('Import failed: No model.json among the chosen files (cat.png)');
  await page.getByRole('button', { name: 'Dismiss' }).click();

  const truncated = JSON.stringify({ modelTopology: { class_name: 'Sequential', config: { layers: [] } }, weightsManifest: [{ paths: ['w.bin'], weights: [] }] });
  await input.setInputFiles({ name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(truncated) });
  await expect(page.getByTestId('error-message')).toContainText('do not match LeNet-5');

  // Nothing changed, and the lab still prunes and measures.
  await expect(page.getByTestId('anchor-select')).toHaveCount(0);
  await expect(page.getByTestId('import-status')).toHaveCount(0);
  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await settled(page);
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', 'ready');
});

test('the IMDB model has a 2×2 confusion matrix and round-trips through export and import', async ({ page }) => {
  await page.goto('./?model=imdb&train=2000&test=500&epochs=1&seed=1&autorun=1&rate=0.5');
  await waitForTrained(page);
  await settled(page);
  const accuracy = (await page.getByTestId('test-accuracy').textContent()) ?? '';
  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix.locator('tbody td')).toHaveCount(4);
  await expect(matrix.locator('thead th').nth(1)).toHaveText('negative');
  expect((await matrix.locator('tbody td').allTextContents()).map(Number).reduce((a, b) => a + b, 0)).toBe(500);
  await expect(page.getByTestId('draw-canvas')).toHaveCount(0); // drawing is for LeNet-5 only

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const zipPath = join(mkdtempSync(join(tmpdir(), 'prunelab-imdb-')), download.suggestedFilename());
  await download.saveAs(zipPath);
  await page.getByTestId('import-input').setInputFiles(zipPath);
  await expect(page.getByTestId('import-status')).toContainText(`test accuracy ${accuracy} on 500 examples`);
  await settled(page);
  await expect(page.getByTestId('test-accuracy')).toHaveText(accuracy);
});
