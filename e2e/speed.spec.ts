// The speed readout: on the trained LeNet-5 pruned 90 % per layer (wasm), "Speed vs sparsity"
// times the model on the sparse and the dense kernels and draws the curve; the readout gives a
// measured and an ideal ratio (the ideal from the multiply-adds: 10× at 90 % of every layer),
// the layers in its title, and it says it is out of date once the slider moves.
import { expect, test } from '@playwright/test';
import { settled, waitForState } from './helpers';

test('the speed readout and the speed-vs-sparsity curve measure the model on screen', async ({ page }) => {
  await page.goto('./?start=trained&backend=wasm&train=256&test=128');
  await waitForState(page, 'ready', 60_000);
  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  await page.getByTestId('speed-curve-button').click();
  const readout = page.getByTestId('speed-readout');
  await expect(readout).toHaveText(/^\d+\.\d× measured, 10\.0× ideal$/, { timeout: 60_000 });
  const measured = Number(/^(\d+\.\d)×/.exec((await readout.textContent()) ?? '')?.[1]);
  expect(measured).toBeGreaterThan(0);
  await expect(readout).toHaveAttribute('title', /fc1: sparse .+ 10 % kept/);
  const curve = page.getByTestId('speed-curve');
  await expect(curve).toHaveAttribute('data-points', '7');
  await expect(curve.locator('path[data-series]')).toHaveCount(3);
  console.log(`speed readout: ${await readout.textContent()}`);
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  await expect(readout).toHaveAttribute('data-stale', 'true');
});
