// Inspect: draw a digit with the mouse and see the dense and the pruned LeNet-5 predict it
// (top-3 each); the confusion matrix of the current model on the test set.
import { expect, test } from '@playwright/test';
import { settled, SMALL, waitForTrained } from './helpers';

test('drawing a stroke shows a dense and a pruned prediction; the confusion matrix counts the test set', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.5`);
  await waitForTrained(page);
  await settled(page);

  const matrix = page.getByTestId('confusion-matrix');
  await expect(matrix).toHaveAttribute('data-examples', '256');
  await expect(matrix.locator('tbody tr')).toHaveCount(10);
  await expect(matrix.locator('tbody td')).toHaveCount(100);
  const counts = (await matrix.locator('tbody td').allTextContents()).map(Number);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(256);
  await expect(matrix).toHaveScreenshot('confusion-matrix-50.png');

  const canvas = page.getByTestId('draw-canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('no canvas');
  // A "7": a top bar, then a diagonal down to the left.
  await page.mouse.move(box.x + 70, box.y + 60);
  await page.mouse.down();
  await page.mouse.move(box.x + 210, box.y + 60, { steps: 12 });
  await page.mouse.move(box.x + 120, box.y + 230, { steps: 16 });
  await page.mouse.up();

  for (const id of ['draw-prediction-dense', 'draw-prediction-pruned']) {
    const items = page.getByTestId(id).locator('li');
    await expect(items).toHaveCount(3);
    await expect(items.first()).toHaveText(/^\d\s*\d+\.\d%$/);
  }
  await expect(page.getByTestId('draw-prediction-pruned')).toContainText('50.0% sparse');
  await expect(page.locator('.draw-digit')).toHaveScreenshot('draw-seven.png');

  await page.getByRole('button', { name: 'Clear' }).click();
  await expect(page.getByTestId('draw-prediction-dense').locator('li')).toHaveCount(0);
});
