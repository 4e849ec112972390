// Inputs that used to be taken silently: a layer list that selects no layer, and a
// 10 MB paste into Try it, which the box now cuts to its stated size as it arrives.
import { expect, test } from '@playwright/test';
import { settled, watchLongTasks } from './helpers';

test('?layers=, warns and prunes the default layers; the last chosen layer cannot be unticked', async ({ page }) => {
  await page.goto('./?start=trained&layers=,&rate=0.5');
  await expect(page.getByTestId('url-warnings')).toContainText('Invalid layers=","');
  await expect(page.getByTestId('url-warnings')).toContainText('using conv1,conv2,fc1,fc2');
  await settled(page);
  for (const l of ['conv1', 'conv2', 'fc1', 'fc2']) await expect(page.getByTestId(`layer-toggle-${l}`)).toBeChecked();
  for (const l of ['conv1', 'conv2', 'fc1']) await page.getByTestId(`layer-toggle-${l}`).uncheck();
  await expect(page.getByTestId('layer-toggle-fc2')).toBeChecked();
  await expect(page.getByTestId('layer-toggle-fc2')).toBeDisabled();
});

test('a 10 MB paste into Try it is cut to the box’s stated 100,000 characters and typing stays quick', async ({ page }) => {
  const longTasks = await watchLongTasks(page, 200);
  await page.goto('./?start=trained&model=imdb&test=500');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
  await expect(page.getByText('Type or paste a movie review (at most 100,000 characters)')).toBeVisible();
  const input = page.getByTestId('review-input');
  const words = 'great film awful plot '.repeat(Math.ceil(10_000_000 / 22)).slice(0, 10_000_000);
  await input.fill(words);
  await expect(page.getByTestId('review-cut')).toContainText('Only the first 100,000 characters of this 10,000,000-character text were kept');
  expect(await input.evaluate((el) => (el as HTMLTextAreaElement).value.length)).toBe(100_000);
  const before = (await longTasks()).length;
  await input.press('End');
  await input.press('Backspace');
  await input.press('x');
  await expect.poll(() => input.evaluate((el) => (el as HTMLTextAreaElement).value.length)).toBe(100_000);
  await page.waitForTimeout(1000);
  expect(Math.max(0, ...(await longTasks()).slice(before))).toBeLessThan(1000);
});
