// LeNet-300-100 (model=lenet300), the third built-in model, made only of its description:
// it trains on small data, its card is derived (266,610 parameters), 50 % per layer prunes
// half of each dense layer exactly, and its shipped trained start opens ready to prune.
import { expect, test } from '@playwright/test';
import { parsePercent, settled, waitForState, waitForTrained } from './helpers';

test('trains on small data, shows its derived card, prunes 50 % per layer exactly', async ({ page }) => {
  await page.goto('./?model=lenet300&train=512&test=256&epochs=1&seed=1&autorun=1');
  await expect(page.getByTestId('model-select')).toHaveValue('lenet300');
  await expect(page.getByRole('heading', { name: /Train LeNet-300-100/ })).toBeVisible();
  await expect(page.getByTestId('dataset-status')).toHaveText('MNIST: 512 training / 256 test images');
  const card = page.getByTestId('model-card');
  await expect(card.locator('summary')).toHaveText('LeNet-300-100: dense → dense → dense, 266,610 parameters');
  await card.locator('summary').click();
  await expect(card.locator('tbody tr')).toHaveText([/fc1\s*dense 784 → 300, ReLU\s*235,500/, /fc2\s*dense 300 → 100, ReLU\s*30,100/, /fc3\s*dense 100 → 10\s*1,010/]);
  for (const l of ['fc1', 'fc2', 'fc3']) await expect(page.getByTestId(`layer-toggle-${l}`)).toBeChecked();

  const dense = await waitForTrained(page);
  expect(dense).toBeGreaterThan(15); // 8 steps of the tutorial's SGD on 512 images: above chance (10 %), not more

  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  // kernels 784·300 + 300·100 + 100·10 = 266,200, each layer pruned to half
  await expect(page.getByTestId('nonzero-params')).toHaveText('133,100 / 266,200');
  const bars = page.getByTestId('layer-sparsity-chart').locator('rect[data-layer]');
  await expect(bars).toHaveCount(3);
  for (const [layer, size] of [['fc1', 235_200], ['fc2', 30_000], ['fc3', 1_000]] as const) {
    const bar = page.getByTestId('layer-sparsity-chart').locator(`rect[data-layer="${layer}"]`);
    await expect(bar).toHaveAttribute('data-size', String(size));
    await expect(bar).toHaveAttribute('data-zeros', String(size / 2));
  }
  await settled(page);
  expect(parsePercent(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(0);
  await expect(page.getByTestId('draw-canvas')).toBeVisible();

  // Dragging back to 0 % restores the dense model exactly.
  await page.getByTestId('prune-slider').fill('0');
  await expect(page.getByTestId('nonzero-params')).toHaveText('266,200 / 266,200');
  await settled(page);
  await expect(page.getByTestId('test-accuracy')).toHaveText((await page.getByTestId('dense-accuracy').textContent()) ?? '');
});

test('?start=trained&model=lenet300 opens the shipped LeNet-300-100, ready to prune', async ({ page }) => {
  await page.goto('./?start=trained&model=lenet300');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await waitForState(page, 'ready', 60_000);
  // Trained with the tutorial's settings (3 epochs, SGD lr 0.01 momentum 0.5): 95.31 % in Node.
  const dense = parsePercent(await page.getByTestId('dense-accuracy').textContent());
  expect(dense).toBeGreaterThanOrEqual(95);
  await expect(page.getByTestId('shipped-note')).toContainText('LeNet-300-100');
  await expect(page.getByTestId('shipped-note')).toContainText('scripts/build/train-shipped.ts');
  await expect(page.getByTestId('dataset-status')).toHaveText('MNIST: 60,000 training / 10,000 test images');
  await page.getByTestId('prune-slider').fill('0.5');
  await expect(page.getByTestId('nonzero-params')).toHaveText('133,100 / 266,200');
  await settled(page);
  expect(parsePercent(await page.getByTestId('test-accuracy').textContent())).toBeGreaterThan(dense - 1);
  await expect(page.getByTestId('train-button')).toHaveText(/^Train again \(downloads \d+\.\d MB of training data first\)$/);
});
