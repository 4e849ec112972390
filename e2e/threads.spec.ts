// Cross-origin isolation (COOP/COEP from vite preview) gives the wasm backend its
// multi-threaded SIMD build and PruneLab's threaded kernels: the badge says how many threads, and training works with them.
// (e2e/subpath.spec.ts serves dist/ without the headers: the single-threaded path.)
import { expect, test } from '@playwright/test';
import { SMALL, waitForTrained } from './helpers';

test('the page is cross-origin isolated and wasm trains on every core', async ({ page }) => {
  await page.goto(`/?${SMALL}&autorun=1&backend=wasm`);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const threads = Math.min(8, Math.max(1, cores));
  await expect(page.getByTestId('backend-name')).toHaveText('wasm', { timeout: 60_000 });
  // PruneLab's own kernels (convolutions, products, pooling) split every job over all cores;
  // tfjs's XNNPACK then keeps one thread so the two pools do not fight over the cores.
  const plural = threads === 1 ? '' : 's';
  // Each pool is named with its own thread count (not one "N threads" for two pools).
  const detail = page.getByTestId('backend-detail');
  await expect(detail).toContainText(new RegExp(`PruneLab kernels \\((relaxed SIMD \\(FMA\\)|SIMD)\\) run convolutions, matrix products, pooling and element-wise ops on ${threads} thread${plural};`));
  await expect(detail).toContainText(`tfjs kernels (SIMD) run the rest on ${threads > 1 ? 1 : threads} thread`);
  await expect(page.getByTestId('backend-detail')).not.toContainText('not cross-origin isolated');
  const accuracy = await waitForTrained(page);
  expect(accuracy).toBeGreaterThan(12);
});
