// The foundation flow: data loads, LeNet-5 trains in the worker, accuracy is shown.
import { expect, test } from '@playwright/test';
import { SMALL, waitForState, waitForTrained } from './helpers';

test('small-data autorun trains LeNet-5 and matches the page baseline', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1`);
  const accuracy = await waitForTrained(page);
  await expect(page.getByTestId('backend-name')).toHaveText(/^(webgpu|webgl|wasm|cpu)$/);
  await expect(page.getByTestId('dataset-status')).toHaveText('MNIST: 512 training / 256 test images');
  await expect(page.getByTestId('train-progress')).toContainText('Epoch 1/1 · batch 8/8');
  // 8 SGD steps at the tutorial's lr 0.01 from PyTorch's init: above chance (10 %), far from converged.
  expect(accuracy).toBeGreaterThan(12);
  await expect(page.getByTestId('training-curves').locator('.recharts-line-curve')).toHaveCount(2);
  await expect(page).toHaveScreenshot('trained-small.png', {
    fullPage: true,
    mask: [page.locator('[data-timing]')],
  });
});

test('4,096 images for one epoch reach more than 50 % test accuracy', async ({ page }) => {
  await page.goto('./?train=4096&test=256&epochs=1&seed=1&autorun=1');
  expect(await waitForTrained(page)).toBeGreaterThan(50);
});

test('Stop ends training early and leaves a usable model', async ({ page }) => {
  await page.goto('./?train=20000&test=256&epochs=2&seed=2');
  await waitForState(page, 'ready');
  await page.getByTestId('train-button').click();
  await expect(page.getByTestId('train-progress')).toContainText(/batch ([3-9]|\d\d+)\//, { timeout: 60_000 });
  await page.getByTestId('stop-button').click();
  const accuracy = await waitForTrained(page, 60_000);
  expect(accuracy).toBeGreaterThanOrEqual(0);
  await expect(page.getByText('Stopped early after')).toBeVisible();
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await expect(page.getByTestId('stop-button')).toBeDisabled();
});
