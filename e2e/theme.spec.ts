// Light and dark themes: screenshot baselines of the main view (trained, pruned to 90 %) in
// both themes at 1280×800 and at a tablet width (820×1180); charts take the theme's colours;
// the theme follows the system setting until the user chooses, the choice is saved, and a
// link's theme= wins.
import { expect, test, type Page } from '@playwright/test';
import { settled, SMALL, waitForState, waitForTrained } from './helpers';

const html = (page: Page) => page.locator('html');

async function computed(page: Page, selector: string, property: 'fill' | 'stroke' | 'backgroundColor' | 'color') {
  return page.locator(selector).first().evaluate((el, p) => getComputedStyle(el)[p], property);
}

test('main view in light and dark, desktop and tablet, matches the baselines', async ({ page }) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.9&scope=global`);
  await waitForTrained(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await settled(page);
  const shot = { fullPage: true, mask: [page.locator('[data-timing]')] };
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'false');
  expect(await computed(page, '.recharts-cartesian-axis-tick-value', 'fill')).toBe('rgb(102, 102, 102)');
  await expect(page).toHaveScreenshot('main-light-1280x800.png', shot);

  await page.getByTestId('theme-toggle').click();
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'true');
  // Page, panels and chart text all switch: nothing stays light-on-light.
  expect(await computed(page, 'html', 'backgroundColor')).toBe('rgb(13, 17, 23)');
  expect(await computed(page, '.panel', 'backgroundColor')).toBe('rgb(22, 27, 34)');
  expect(await computed(page, '.recharts-cartesian-axis-tick-value', 'fill')).toBe('rgb(158, 167, 179)');
  expect(await computed(page, '.recharts-cartesian-grid line', 'stroke')).toBe('rgb(48, 54, 61)');
  expect(await computed(page, '.bars-svg text.value', 'fill')).toBe('rgb(230, 237, 243)');
  await expect(page).toHaveScreenshot('main-dark-1280x800.png', shot);

  await page.setViewportSize({ width: 820, height: 1180 });
  // Nothing overflows sideways at tablet width (once the charts have followed the resize).
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
  await expect(page).toHaveScreenshot('main-dark-820x1180.png', shot);
  await page.getByTestId('theme-toggle').click();
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
  await expect(page).toHaveScreenshot('main-light-820x1180.png', shot);
});

test('the theme follows the system until chosen, is saved, and a link can set it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'ready');
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html(page)).toHaveAttribute('data-theme', 'light'); // follows the system live
  expect(new URL(page.url()).searchParams.get('theme')).toBeNull();

  await page.getByTestId('theme-toggle').click(); // an explicit choice: dark, saved and in the link
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await expect.poll(() => new URL(page.url()).searchParams.get('theme')).toBe('dark');
  expect(await page.evaluate(() => localStorage.getItem('prunelab-theme'))).toBe('dark');

  await page.goto(`./?${SMALL}`); // no theme in the link: the saved choice beats the (light) system
  await expect(html(page)).toHaveAttribute('data-theme', 'dark');
  await page.goto(`./?${SMALL}&theme=light`); // the link beats the saved choice
  await expect(html(page)).toHaveAttribute('data-theme', 'light');
  await expect(page.getByTestId('theme-toggle')).toHaveAttribute('aria-pressed', 'false');
});
