// When no .wasm file loads (blocked, offline), the page says so and which, instead of tfjs's
// follow-on error ("The highest priority backend 'webgpu' has not yet been initialized"), and
// the lab still starts, on plain JavaScript.
import { expect, test } from '@playwright/test';

test('every .wasm failing to load is named on the page, and the lab starts on cpu', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('./?train=256&test=128&epochs=1');
  await expect(page.getByTestId('backend-name')).toHaveText('cpu', { timeout: 30_000 });
  const notice = page.getByTestId('lab-notice');
  await expect(notice).toContainText('all 3 of its WebAssembly files failed to load');
  await expect(notice).toContainText('tfjs-backend-wasm-simd.wasm (Failed to fetch)');
  await expect(notice).not.toContainText('has not yet been initialized');
  await expect(page.getByText('MNIST: 256 training / 128 test images')).toBeVisible();
});
