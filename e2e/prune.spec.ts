// The pruning lab on small data: train → slider to 90 % → exact sparsity → chart
// screenshots → fine-tune → accuracy shown and sparsity unchanged.
import { expect, test } from '@playwright/test';
import { parsePercent, settled, SMALL, waitForState, waitForTrained } from './helpers';

test('prune to 90 %, compare charts with baselines, fine-tune with sparsity held', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('0.0%');
  const slider = page.getByTestId('prune-slider');
  await expect(slider).toBeEnabled();
  await expect(slider).toHaveAttribute('min', '0');
  await expect(slider).toHaveAttribute('max', '0.99');
  await expect(slider).toHaveAttribute('step', '0.01');

  await slider.fill('0.9');
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await expect(page.getByTestId('nonzero-params')).toHaveText('43,050 / 430,500');
  await settled(page);
  await expect(page.getByTestId('layer-sparsity-chart')).toHaveScreenshot('layer-sparsity-90.png');
  await expect(page.getByTestId('weight-histogram')).toHaveScreenshot('histograms-90.png');

  await page.getByTestId('finetune-button').click();
  await waitForState(page, 'finetuning', 30_000);
  await expect(page.getByTestId('finetune-status')).toContainText('test accuracy', { timeout: 120_000 });
  await settled(page);
  expect(parsePercent(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await expect(page.getByTestId('nonzero-params')).toHaveText('43,050 / 430,500');
  // Two checkpoints (dense, fine-tuned), joined by one parent → child edge.
  await expect(page.getByTestId('accuracy-curve')).toHaveAttribute('data-checkpoints', '2');
  await expect(page.getByTestId('accuracy-curve').locator('.checkpoint-edge path.recharts-line-curve')).toHaveCount(1);

  // Back to the dense checkpoint: at 0 % the dense accuracy returns exactly.
  await page.getByTestId('anchor-select').selectOption('0');
  await page.getByTestId('prune-slider').fill('0');
  await expect(page.getByTestId('sparsity-total')).toHaveText('0.0%');
  await settled(page);
  await expect(page.getByTestId('test-accuracy')).toHaveText((await page.getByTestId('dense-accuracy').textContent()) ?? '');
});

test('?rate= sets the slider on load, the keyboard moves it, and dragging back restores accuracy', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.5`);
  await waitForTrained(page);
  await expect(page.getByTestId('prune-slider')).toHaveValue('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await settled(page);
  const dense = parsePercent(await page.getByTestId('dense-accuracy').textContent());

  await page.getByTestId('prune-slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('sparsity-total')).toHaveText('51.0%');
  await page.getByTestId('prune-slider').fill('0');
  await expect(page.getByTestId('sparsity-total')).toHaveText('0.0%');
  await settled(page);
  expect(parsePercent(await page.getByTestId('test-accuracy').textContent())).toBe(dense);
});

test('global scope with a per-layer cap stops every layer at the cap', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&scope=global`);
  await waitForTrained(page);
  await expect(page.getByTestId('scope-select')).toHaveValue('global');
  await page.getByLabel(/cap each layer/).check();
  await page.getByLabel('per-layer cap').selectOption('0.9');
  await page.getByTestId('prune-slider').fill('0.95');
  // 95 % requested, but every layer stops at floor(0.9 · n): 450 + 22,500 + 360,000 + 4,500 = 387,450 of 430,500.
  await expect(page.getByText('Pruning rate 95%')).toBeVisible();
  await expect(page.getByTestId('nonzero-params')).toHaveText('43,050 / 430,500');
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await settled(page);
  await expect(page.getByTestId('compare-panel')).toContainText('Sparse (CSR)');
});
