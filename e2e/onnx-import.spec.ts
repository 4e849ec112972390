// ONNX import on the page: the tutorial's Net, trained and exported by PyTorch
// (e2e/fixtures/onnx/net.onnx), is measured on the full MNIST test set with exactly
// PyTorch's count of correct images, dense and after 50 % per-layer magnitude pruning
// (torch.nn.utils.prune.l1_unstructured); its export holds a model.onnx that re-imports to
// the same accuracy. A hostile file is refused next to the import and the lab carries on.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readZip } from '../src/core/io/zip';
import { settled, waitForState, waitForTrained } from './helpers';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'onnx', 'net.onnx');
const PYTORCH = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'onnx', 'net.json'), 'utf8')) as { denseCorrect: number; prunedCorrect: number };
const pct = (correct: number) => `${(correct / 100).toFixed(2)}%`;

test('the tutorial Net from PyTorch: dense and 50 % per-layer counts equal PyTorch, export holds model.onnx, kept across a reload', async ({ page }) => {
  test.setTimeout(600_000);
  await page.goto('./?train=512&test=10000&epochs=1&seed=1');
  await waitForState(page, 'ready', 300_000);
  await expect(page.getByTestId('import-norm')).toHaveValue('mnist');
  await page.getByTestId('import-input').setInputFiles(FIXTURE);
  await expect(page.getByTestId('import-status')).toContainText(`Imported net.onnx`, { timeout: 300_000 });
  expect(PYTORCH.denseCorrect).toBe(9673);
  await expect(page.getByTestId('dense-accuracy')).toHaveText(pct(PYTORCH.denseCorrect));
  await waitForTrained(page);
  await expect(page.getByText(/Imported model \(#\d+\)/).first()).toBeVisible();
  await expect(page.getByTestId('model-card')).toContainText('431,080');

  await expect(page.getByTestId('scope-select')).toHaveValue('layer');
  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await settled(page);
  expect(PYTORCH.prunedCorrect).toBe(9564);
  await expect(page.getByTestId('test-accuracy')).toHaveText(pct(PYTORCH.prunedCorrect));

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const zipPath = join(mkdtempSync(join(tmpdir(), 'prunelab-onnx-')), download.suggestedFilename());
  await download.saveAs(zipPath);
  const files = new Map(readZip(new Uint8Array(readFileSync(zipPath))).map((e) => [e.name, e.data]));
  const onnx = files.get('model.onnx');
  expect(onnx?.length ?? 0).toBeGreaterThan(1000);

  // The exported model.onnx, imported again: the pruned model, with the same accuracy.
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-onnx-re-'));
  writeFileSync(join(dir, 'model.onnx'), onnx ?? new Uint8Array());
  await page.getByTestId('import-input').setInputFiles(join(dir, 'model.onnx'));
  await expect(page.getByTestId('import-status')).toContainText('Imported model.onnx', { timeout: 300_000 });
  await expect(page.getByTestId('dense-accuracy')).toHaveText(pct(PYTORCH.prunedCorrect));

  // Kept in the browser: a reload imports the same file again.
  await page.reload();
  await expect(page.getByTestId('import-status')).toContainText('Imported model.onnx', { timeout: 300_000 });
  await expect(page.getByTestId('dense-accuracy')).toHaveText(pct(PYTORCH.prunedCorrect));
  await waitForTrained(page);
  await expect(page.getByTestId('model-card')).toContainText('431,080');
});

test('unsupported and hostile ONNX files are refused next to the import and the lab keeps its model', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?train=512&test=256&epochs=1&seed=1&autorun=1&norm=bogus');
  await expect(page.getByTestId('url-warnings')).toContainText('norm');
  const dense = await waitForTrained(page);
  // Dropped on the page: the tutorial's file with its Relu nodes renamed Selu, an operator PruneLab does not run.
  const selu = [...Buffer.from(readFileSync(FIXTURE).toString('latin1').replaceAll('Relu', 'Selu'), 'latin1')];
  const dropped = await page.evaluateHandle((bytes) => {
    const d = new DataTransfer();
    d.items.add(new File([new Uint8Array(bytes)], 'selu.onnx'));
    return d;
  }, selu);
  await page.dispatchEvent('main', 'drop', { dataTransfer: dropped });
  await expect(page.getByTestId('import-error')).toContainText('Selu node "/Selu": unsupported operator Selu. PruneLab imports Conv, Gemm', { timeout: 30_000 });
  await waitForState(page, 'ready');
  expect(await waitForTrained(page)).toBe(dense);
  // Chosen with the control: a truncated protobuf (the first bytes of the tutorial's file).
  const truncated = readFileSync(FIXTURE).subarray(0, 200);
  await page.getByTestId('import-input').setInputFiles({ name: 'broken.onnx', mimeType: 'application/octet-stream', buffer: truncated });
  await expect(page.getByTestId('import-error')).toContainText('Not an ONNX model, or a truncated one', { timeout: 30_000 });
  await waitForState(page, 'ready');
  expect(await waitForTrained(page)).toBe(dense);
  await expect(page.getByTestId('model-card')).toContainText('LeNet-5');
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
});

test('an imported CNN with BatchNormalization, read as [0, 1] pixels, fine-tunes and sweeps', async ({ page }) => {
  test.setTimeout(400_000);
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'onnx', 'cnn-bn.json'), 'utf8')) as { denseWrong: number[] };
  await page.goto('./?train=512&test=1000&epochs=1&seed=1');
  await waitForState(page, 'ready', 300_000);
  await page.getByTestId('import-norm').selectOption('unit');
  await expect(page).toHaveURL(/norm=unit/);
  await page.getByTestId('import-input').setInputFiles(join(import.meta.dirname, 'fixtures', 'onnx', 'cnn-bn.onnx'));
  // PyTorch's wrong images among the first 1,000 test images.
  const correct = 1000 - fixture.denseWrong.filter((i) => i < 1000).length;
  await expect(page.getByTestId('dense-accuracy')).toHaveText(`${(correct / 10).toFixed(2)}%`, { timeout: 200_000 });
  await waitForTrained(page);
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('finetune-status')).toContainText('test accuracy', { timeout: 200_000 });
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('sweep-chart').locator('svg path[data-series]')).toHaveCount(2, { timeout: 200_000 });
  await waitForState(page, 'ready', 200_000);
  await expect(page.getByTestId('sweep-chart')).toContainText('1,000 test examples');
});
