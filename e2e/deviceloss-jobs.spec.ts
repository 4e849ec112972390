// A lost GPU device (Chromium's SwiftShader WebGPU) at the awkward moments: right after a
// slider move, at start-up and during a sweep. No job runs half on a backend still starting;
// a failure says the device was lost and clears once the same job succeeds again; a notice
// never says something was kept when nothing was.
import { expect, test, type Page } from '@playwright/test';
import { loseDevice, settled, waitForTrained } from './helpers';

async function trainedOnWebgpu(page: Page, seed: number): Promise<void> {
  await page.goto(`./?backend=webgpu&train=256&test=128&epochs=1&seed=${seed}&autorun=1`);
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu', { timeout: 60_000 });
  await waitForTrained(page, 240_000);
  await settled(page);
}

test('losing the device right after a slider move: the lab moves on and the next move leaves no error', async ({ page }) => {
  test.setTimeout(300_000);
  await trainedOnWebgpu(page, 94);
  await page.getByTestId('prune-slider').fill('0.6');
  expect(await loseDevice(page)).toBe(true);
  await expect(page.getByTestId('lab-notice')).toContainText('The GPU device was lost', { timeout: 60_000 });
  await expect(page.getByTestId('backend-name')).not.toHaveText('webgpu');
  await page.getByTestId('prune-slider').fill('0.7');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('70.0%');
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  await expect(page.getByText(/has not yet been initialized/)).toHaveCount(0);
});

test('losing the device at start-up: training runs on the next backend and nothing claims to be kept', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?backend=webgpu&train=256&test=128&epochs=1&seed=94&autorun=1');
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu', { timeout: 60_000 });
  expect(await loseDevice(page)).toBe(true);
  await expect(page.getByTestId('lab-notice')).toContainText('The GPU device was lost', { timeout: 60_000 });
  await expect(page.getByTestId('lab-notice')).not.toContainText('kept');
  await waitForTrained(page, 240_000);
  await settled(page);
  await expect(page.getByTestId('backend-name')).not.toHaveText('webgpu');
  await expect(page.getByTestId('error-message')).toHaveCount(0);
});

test('losing the device during a sweep: the sweep fails saying why, and the lab carries on', async ({ page }) => {
  test.setTimeout(300_000);
  await trainedOnWebgpu(page, 1);
  await page.getByTestId('sweep-run').click();
  await expect(page.getByTestId('science-progress')).toHaveAttribute('data-job', 'sweep', { timeout: 30_000 });
  expect(await loseDevice(page)).toBe(true);
  await expect(page.getByTestId('error-message')).toContainText('GPU device was lost', { timeout: 60_000 });
  await expect(page.getByTestId('sweep-chart')).not.toContainText('stopped early');
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
});
