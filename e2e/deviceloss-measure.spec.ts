// A lost GPU device while the test set is measured after training (Chromium's SwiftShader
// WebGPU): the measurement is redone on the next backend, the dense result is shown and
// saved, and the notice tells what happened.
import { expect, test } from '@playwright/test';
import { loseDevice, waitForTrained } from './helpers';

test('losing the WebGPU device while the trained model is measured: it is measured again on the next backend', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?backend=webgpu&train=256&test=128&epochs=1&seed=62&autorun=1');
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu', { timeout: 60_000 });
  await expect(page.getByTestId('train-progress')).toContainText('testing…', { timeout: 240_000 });
  expect(await loseDevice(page)).toBe(true);
  await expect(page.getByTestId('lab-notice')).toContainText('The GPU device was lost', { timeout: 60_000 });
  const accuracy = await waitForTrained(page, 180_000);
  expect(accuracy).toBeGreaterThan(10);
  await expect(page.getByTestId('backend-name')).not.toHaveText('webgpu');
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await expect(page.getByTestId('storage-status')).toHaveAttribute('data-status', 'saved', { timeout: 30_000 });
});
