// A lost GPU device mid-training (Chromium's SwiftShader WebGPU, device.destroy()): the lab
// says so, moves to the next backend and carries on from its last weights and masks; the
// fine-tune finishes with its sparsity exact and the checkpoint history intact.
import { expect, test } from '@playwright/test';
import { loseDevice, settled, waitForState, waitForTrained } from './helpers';

test('losing the WebGPU device mid fine-tune: the lab moves on and keeps weights, masks and checkpoints', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./?backend=webgpu&train=256&test=128&epochs=1&seed=1&autorun=1&rate=0.5');
  await expect(page.getByTestId('backend-name')).toHaveText('webgpu', { timeout: 60_000 });
  await waitForTrained(page, 240_000);
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  // Three epochs (12 steps of the 256 images), so the loss below lands mid-run and not in the final measurement.
  await page.getByTestId('finetune-button').locator('xpath=following-sibling::label//select').selectOption('3');
  await page.getByTestId('finetune-button').click();
  await waitForState(page, 'finetuning', 60_000);
  // Let a few steps run on the GPU, then lose it.
  await expect(page.getByTestId('finetune-status')).toContainText('batch', { timeout: 60_000 });
  expect(await loseDevice(page)).toBe(true);
  await expect(page.getByTestId('lab-notice')).toContainText('The GPU device was lost', { timeout: 120_000 });
  await expect(page.getByTestId('lab-notice')).toContainText('carried on from its last weights');
  await expect(page.getByTestId('backend-name')).not.toHaveText('webgpu');
  await expect(page.getByTestId('anchor-select').locator('option')).toHaveCount(2, { timeout: 180_000 });
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await expect(page.getByTestId('nonzero-params')).toHaveText('215,250 / 430,500');
  await expect(page.getByTestId('error-message')).toHaveCount(0);
  // The lab keeps working on the new backend.
  await page.getByTestId('prune-slider').fill('0.8');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('80.0%');
});
