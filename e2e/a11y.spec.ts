// Accessibility: axe-core over the main views (before training; trained and pruned; tour
// open; dark theme; tablet width) finds no serious or critical violations, and the core
// flow is keyboard operable.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { settled, SMALL, waitForState, waitForTrained } from './helpers';

interface Finding {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly nodes: readonly string[];
}

async function seriousViolations(page: Page): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
}

test('no serious or critical axe violations before training (and the check does catch one)', async ({ page }) => {
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'ready');
  expect(await seriousViolations(page)).toEqual([]);
  // Control: an unlabelled text field added to the page is reported.
  await page.evaluate(() => document.querySelector('main')?.append(document.createElement('input')));
  expect((await seriousViolations(page)).map((v) => v.id)).toContain('label');
});

test('no serious or critical axe violations trained and pruned, with the tour open, in dark, on a tablet', async ({
  page,
}) => {
  await page.goto(`./?${SMALL}&autorun=1&rate=0.9`);
  await waitForTrained(page);
  await settled(page);
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('finetune-status')).toContainText('test accuracy', { timeout: 120_000 });
  await settled(page);
  expect(await seriousViolations(page), 'trained, pruned and fine-tuned').toEqual([]);

  await page.getByTestId('tour-start').click();
  await expect(page.getByTestId('tour-step')).toBeVisible();
  expect(await seriousViolations(page), 'tour open').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await seriousViolations(page), 'dark theme').toEqual([]);
  await page.getByTestId('tour-start').click();
  expect(await seriousViolations(page), 'dark theme, tour open').toEqual([]);
  await page.keyboard.press('Escape');

  await page.setViewportSize({ width: 820, height: 1180 });
  expect(await seriousViolations(page), 'dark theme, tablet').toEqual([]);
});

test('the core flow works from the keyboard alone', async ({ page }) => {
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'ready');
  await page.getByTestId('train-button').focus();
  await page.keyboard.press('Enter');
  await waitForTrained(page);
  await settled(page);
  const slider = page.getByTestId('prune-slider');
  await expect(slider).toBeEnabled();
  await slider.focus();
  await expect(slider).toBeFocused();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(slider).toHaveValue('0.05');
  await expect(page.getByTestId('sparsity-total')).toHaveText('5.0%');
  await page.getByTestId('preset-select').focus();
  await page.keyboard.press('ArrowDown'); // first preset: the tutorial
  await expect(slider).toHaveValue('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await page.getByTestId('theme-toggle').focus();
  await page.keyboard.press('Space');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // Every control in the header and the pruning panel has an accessible name.
  for (const id of ['tour-start', 'copy-link', 'theme-toggle', 'preset-select', 'prune-slider', 'scope-select']) {
    await expect(page.getByTestId(id)).toHaveAccessibleName(/\S/);
  }
});
