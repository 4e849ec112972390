// Deep Compression on the shipped LeNet-300-100 with small data: the paper's per-layer
// pruning (one short round), k-means quantization with centroid fine-tuning, Huffman coding.
// Every stage that changes the representation shrinks the bytes (table and chart), accuracies are shown, and
// the downloaded file, loaded back, decodes to the same test accuracy.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parsePercent, waitForState } from './helpers';

test('compresses stage by stage and the download decodes to the same accuracy', async ({ page }) => {
  await page.goto('./?model=lenet300&start=trained&train=512&test=256&seed=1');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/^\d+\.\d{2}%$/, { timeout: 60_000 });
  await waitForState(page, 'ready');
  await page.getByTestId('compress-rounds').fill('1');
  await page.getByTestId('compress-epochs').fill('1');
  await page.getByTestId('compress-run').click();
  const table = page.getByTestId('compress-stages');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await waitForState(page, 'ready');

  const bytes = async (stage: string) => Number(await table.locator(`tr[data-stage="${stage}"]`).getAttribute('data-bytes'));
  const [dense, pruned, quantized, finetuned, huffman] = await Promise.all(['dense', 'pruned', 'quantized', 'finetuned', 'huffman'].map(bytes));
  expect(dense).toBe(266_610 * 4);
  expect(pruned).toBeLessThan(dense);
  expect(quantized).toBeLessThan(pruned);
  expect(finetuned).toBe(quantized); // fine-tuning moves the shared values, not their count
  expect(huffman).toBeLessThan(quantized);
  for (const stage of ['dense', 'pruned', 'quantized', 'finetuned', 'huffman']) {
    await expect(page.getByTestId(`compress-accuracy-${stage}`)).toHaveText(/^\d+\.\d{2}%$/);
  }
  // The chart beside the table: one bar per stage, the same bytes.
  const chart = page.getByTestId('compress-chart');
  await expect(chart).toBeVisible();
  await expect(chart.locator('g[data-stage]')).toHaveCount(5);
  expect(Number(await chart.locator('g[data-stage="huffman"]').getAttribute('data-bytes'))).toBe(huffman);
  const huffmanAccuracy = parsePercent(await page.getByTestId('compress-accuracy-huffman').textContent());

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compressed-download').click()]);
  const path = await download.path();
  const file = readFileSync(path);
  expect(file.length).toBe(huffman);
  await page.getByTestId('compressed-load').setInputFiles({ name: 'lenet300.plc', mimeType: 'application/octet-stream', buffer: file });
  await expect(page.getByTestId('compressed-load-status')).toContainText(`test accuracy ${huffmanAccuracy.toFixed(2)}%`);

  // A corrupt file is refused next to the control, and the page keeps working.
  const corrupt = Buffer.from(file);
  corrupt[100] ^= 0xff;
  await page.getByTestId('compressed-load').setInputFiles({ name: 'bad.plc', mimeType: 'application/octet-stream', buffer: corrupt });
  await expect(page.getByTestId('compress-error')).toContainText('checksum');
  await waitForState(page, 'ready');
});
