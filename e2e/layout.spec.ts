// Phone, tablet, small laptop and projector: at 390, 820, 1024 and 1280 px wide, in every
// state a class goes through (loaded, trained and pruned, compacted with science results,
// with the tour open), the page never scrolls sideways (wide tables scroll in their own
// box) and the tour's popover fits on screen. A screenshot of the prune panel per width.
import { expect, test, type Page } from '@playwright/test';
import { settled, waitForState } from './helpers';

const WIDTHS = [390, 820, 1024, 1280] as const;

async function expectNoSideScroll(page: Page, state: string): Promise<void> {
  const { scroll, inner } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(scroll, `${state}: the page is ${scroll} px wide in a ${inner} px window`).toBeLessThanOrEqual(inner);
}

for (const width of WIDTHS) {
  test(`no sideways scroll at ${width} px in any state`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: width < 600 ? 844 : 800 });
    await page.goto('./?train=512&test=500&epochs=1&seed=1');
    await waitForState(page, 'ready');
    await expectNoSideScroll(page, 'loaded');
    await page.goto('./?start=trained&test=500&structure=channels&rate=0.5');
    await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
    await settled(page);
    await expectNoSideScroll(page, 'trained and pruned');
    await page.getByTestId('compact-button').click();
    await expect(page.getByTestId('compact-summary')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('sweep-run').click();
    await expect(page.getByTestId('sweep-chart').locator('svg path[data-series]')).toHaveCount(2, { timeout: 120_000 });
    await waitForState(page, 'ready');
    await expectNoSideScroll(page, 'compacted, with a sweep');
    await page.getByTestId('tour-start').click();
    await page.getByTestId('tour-step').getByRole('button', { name: 'Next' }).click();
    await page.getByTestId('tour-step').getByRole('button', { name: 'Next' }).click();
    await settled(page);
    const box = await page.getByTestId('tour-step').boundingBox();
    if (!box) throw new Error('no tour popover');
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await expectNoSideScroll(page, 'tour open');
    await page.getByTestId('tour-step').getByRole('button', { name: 'Close the tour' }).click();
    await expect(page.locator('.prune-panel')).toHaveScreenshot(`prune-panel-${width}.png`, { mask: [page.locator('[data-timing]')] });
  });
}
