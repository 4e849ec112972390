// The guided tour end to end on small data: it offers to train, walks train → weights →
// 50 % → 90 % → 99 % → fine-tune → sizes, highlights each step's panel (visible, in view),
// sets the slider for the pruning steps, matches a screenshot per step, and is keyboard
// operable (Enter opens, arrows step, Esc closes and gives focus back).
import { expect, test, type Page } from '@playwright/test';
import { settled, SMALL, waitForState, waitForTrained } from './helpers';

const STEPS = 7;

async function expectStep(page: Page, n: number, title: string): Promise<void> {
  const step = page.getByTestId('tour-step');
  await expect(step).toHaveAttribute('data-step', String(n));
  await expect(step.getByRole('heading', { name: title })).toBeFocused();
  await expect(step).toContainText(`Step ${n} of ${STEPS}`);
  const highlighted = page.locator('[data-highlighted="true"]');
  await expect(highlighted).toHaveCount(1);
  await expect(highlighted).toBeVisible();
  await expect(highlighted).toBeInViewport();
}

async function snap(page: Page, n: number): Promise<void> {
  await expect(page).toHaveScreenshot(`tour-step-${n}.png`, { mask: [page.locator('[data-timing]')] });
}

test('the guided tour tells the pruning story step by step', async ({ page }) => {
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'ready');
  await page.getByTestId('tour-start').focus();
  await page.keyboard.press('Enter');
  const tour = page.getByTestId('tour-step');
  const next = tour.getByRole('button', { name: 'Next' });

  await expectStep(page, 1, 'Train the network');
  await expect(page.locator('[data-highlighted="true"]')).toContainText('Train LeNet-5');
  await tour.getByRole('button', { name: 'Train now' }).click();
  await waitForTrained(page);
  await expect(tour).toContainText('Trained: the dense accuracy is in the Result panel.');
  await snap(page, 1);

  await next.click();
  await expectStep(page, 2, 'Look at the weights');
  await expect(page.locator('[data-highlighted="true"]')).toHaveAttribute('data-testid', 'weight-histogram');
  await expect(tour).toContainText('importance(w) = |w|');
  await snap(page, 2);

  for (const [n, rate, title] of [
    [3, '0.5', 'Prune to 50 %'],
    [4, '0.9', 'Prune to 90 %'],
    [5, '0.99', 'Prune to 99 %'],
  ] as const) {
    await next.click();
    await expectStep(page, n, title);
    await expect(page.getByTestId('prune-slider')).toHaveValue(rate);
    await expect(page.getByTestId('sparsity-total')).toHaveText(`${(Number(rate) * 100).toFixed(1)}%`);
    await expect(page.locator('[data-highlighted="true"]')).toContainText('Pruning rate');
    await settled(page);
    await snap(page, n);
  }
  await expect(tour).toContainText('guessing gives 10 %');

  await next.click();
  await expectStep(page, 6, 'Fine-tune');
  await expect(page.locator('[data-highlighted="true"]')).toContainText('Fine-tune');
  await tour.getByRole('button', { name: 'Fine-tune 1 epoch' }).click();
  await expect(page.getByTestId('finetune-status')).toContainText('test accuracy', { timeout: 120_000 });
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('99.0%');
  await snap(page, 6);

  await next.click();
  await expectStep(page, 7, 'Compare the sizes');
  await expect(page.locator('[data-highlighted="true"]')).toContainText('What did pruning buy?');
  await expect(tour.getByRole('button', { name: 'Next' })).toHaveCount(0);
  await snap(page, 7);

  // Keyboard: ← goes back (and re-applies that step's rate), Esc closes and returns focus.
  await page.keyboard.press('ArrowLeft');
  await expectStep(page, 6, 'Fine-tune');
  await page.keyboard.press('ArrowLeft');
  await expectStep(page, 5, 'Prune to 99 %');
  await page.keyboard.press('Escape');
  await expect(tour).toHaveCount(0);
  await expect(page.locator('[data-highlighted]')).toHaveCount(0);
  await expect(page.getByTestId('tour-start')).toBeFocused();
});

test('tour steps that need a trained model say so and offer to train', async ({ page }) => {
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'ready');
  await page.getByTestId('tour-start').click();
  const tour = page.getByTestId('tour-step');
  await tour.getByRole('button', { name: 'Next' }).click();
  await tour.getByRole('button', { name: 'Next' }).click();
  await expectStep(page, 3, 'Prune to 50 %');
  await expect(tour).toContainText('This step needs a trained model.');
  await expect(page.getByTestId('prune-slider')).toHaveValue('0');
  // Training from here: once trained, the step applies its rate.
  await tour.getByRole('button', { name: 'Train now' }).click();
  await waitForTrained(page);
  await expect(page.getByTestId('prune-slider')).toHaveValue('0.5');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await tour.getByRole('button', { name: 'Close the tour' }).click();
  await expect(tour).toHaveCount(0);
});
