// Shared e2e helpers: wait for the app's data-state, read formatted percentages.
import { expect, type Page } from '@playwright/test';

export const SMALL = 'train=512&test=256&epochs=1&seed=1';

export async function waitForState(page: Page, state: string, timeout = 150_000): Promise<void> {
  await expect(page.getByTestId('app')).toHaveAttribute('data-state', state, { timeout });
}

/** Waits for a trained model: state ready and a dense accuracy shown. */
export async function waitForTrained(page: Page, timeout = 150_000): Promise<number> {
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/^\d+\.\d{2}%$/, { timeout });
  await waitForState(page, 'ready', timeout);
  return parsePercent(await page.getByTestId('dense-accuracy').textContent());
}

export function parsePercent(text: string | null): number {
  const m = /(\d+(?:\.\d+)?)%/.exec(text ?? '');
  if (!m) throw new Error(`not a percentage: ${text}`);
  return Number(m[1]);
}

/** Waits until the shown pruned accuracy is the full-test-set figure for the latest setting. */
export async function settled(page: Page): Promise<void> {
  await waitForState(page, 'ready');
  await expect(page.getByTestId('test-accuracy')).toHaveText(/^\d+\.\d{2}%$/);
  await expect(page.getByTestId('test-accuracy')).toHaveAttribute('data-stale', 'false');
  await expect(page.getByText('on the full test set')).toBeVisible();
}

/**
 * Loses the WebGPU device of the lab's worker as a driver reset would (device.destroy()),
 * reaching tfjs's engine in the worker's global scope: the app ships no test hook for it.
 * True when the worker's active backend had a device to lose.
 */
export async function loseDevice(page: Page): Promise<boolean> {
  const worker = page.workers().filter((w) => w.url().includes('lab.worker')).at(-1);
  if (!worker) throw new Error('no lab worker on the page');
  return worker.evaluate(() => {
    type Engine = { readonly backendName: string | null; readonly backendInstance: { readonly device?: { destroy(): void } } | null };
    const engine = (globalThis as unknown as { _tfengine?: Engine })._tfengine;
    const device = engine?.backendName === 'webgpu' ? engine.backendInstance?.device : undefined;
    device?.destroy();
    return device !== undefined;
  });
}

/** Counts main-thread tasks longer than `ms` from page load on. */
export async function watchLongTasks(page: Page, ms: number): Promise<() => Promise<number[]>> {
  await page.addInitScript((limit) => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration > limit) w.__long.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  }, ms);
  return () => page.evaluate(() => (window as unknown as { __long: number[] }).__long);
}
