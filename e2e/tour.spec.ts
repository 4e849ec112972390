// The guided tour end to end: on the trained start at 1024×768 it walks train → weights →
// 50 % → 90 % → 99 % → fine-tune → sizes, sets what each step talks about, keeps the number
// it asks you to read on screen, and what it claims holds on screen; it matches a
// screenshot per step and is keyboard operable. On an untrained page it offers to train.
import { expect, test, type Page } from '@playwright/test';
import { parsePercent, settled, SMALL, waitForState, waitForTrained } from './helpers';

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

/** The number a step asks you to read is on screen at 1024×768 and not under the tour's popover. */
async function expectReadable(page: Page): Promise<void> {
  const accuracy = page.getByTestId('test-accuracy');
  await expect(accuracy).toBeInViewport();
  const a = await accuracy.boundingBox();
  const t = await page.getByTestId('tour-step').boundingBox();
  if (!a || !t) throw new Error('no box');
  const overlaps = a.x < t.x + t.width && t.x < a.x + a.width && a.y < t.y + t.height && t.y < a.y + a.height;
  expect(overlaps, 'the accuracy readout is hidden under the tour').toBe(false);
}

const accuracyNow = async (page: Page) => parsePercent(await page.getByTestId('test-accuracy').textContent());

test('the guided tour tells the truth on screen: each step sets what it talks about, on the trained start at 1024×768', async ({ page }) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('./?start=trained');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
  const dense = parsePercent(await page.getByTestId('dense-accuracy').textContent());
  await page.getByTestId('tour-start').focus();
  await page.keyboard.press('Enter');
  const tour = page.getByTestId('tour-step');
  const next = tour.getByRole('button', { name: 'Next' });

  await expectStep(page, 1, 'Train the network');
  await expect(tour).toContainText('Trained: the dense accuracy is in the Result panel.');
  await snap(page, 1);
  await next.click();
  await expectStep(page, 2, 'Look at the weights');
  await expect(page.locator('[data-highlighted="true"]')).toHaveAttribute('data-testid', 'weight-histogram');
  await snap(page, 2);

  // Step 3: "it barely moves".
  await next.click();
  await expectStep(page, 3, 'Prune to 50 %');
  await expect(page.getByTestId('scope-select')).toHaveValue('layer');
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  await settled(page);
  await expectReadable(page);
  const at50 = await accuracyNow(page);
  expect(dense - at50).toBeLessThan(1.5);
  await snap(page, 3);

  // Step 4: global scope with the cap, "accuracy holds up well".
  await next.click();
  await expectStep(page, 4, 'Prune to 90 %');
  await expect(page.getByTestId('scope-select')).toHaveValue('global');
  await expect(page.getByTestId('cap-select')).toHaveValue('0.99');
  await expect(page.getByTestId('sparsity-total')).toHaveText('90.0%');
  await settled(page);
  await expectReadable(page);
  const at90 = await accuracyNow(page);
  expect(at90).toBeGreaterThan(95);
  await snap(page, 4);

  // Step 5: "accuracy collapses … guessing gives 10 %".
  await next.click();
  await expectStep(page, 5, 'Prune to 99 %');
  await expect(page.getByTestId('sparsity-total')).toHaveText('99.0%');
  await settled(page);
  await expectReadable(page);
  const collapsed = await accuracyNow(page);
  expect(collapsed).toBeLessThan(25);
  await expect(tour).toContainText('guessing gives 10 %');
  await snap(page, 5);

  // Step 6: one epoch "brings back part of the accuracy, far from all of it".
  await next.click();
  await expectStep(page, 6, 'Fine-tune');
  await tour.getByRole('button', { name: 'Fine-tune 1 epoch' }).click();
  await expect(page.getByTestId('anchor-select')).toHaveValue('1', { timeout: 240_000 });
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('99.0%');
  const tuned = await accuracyNow(page);
  console.log(`tour on the trained start: dense ${dense}, 50 % per layer ${at50}, 90 % global ${at90}, 99 % ${collapsed}, fine-tuned ${tuned}`);
  expect(tuned).toBeGreaterThan(collapsed + 20);
  expect(tuned).toBeLessThan(dense - 5);
  await snap(page, 6);

  await next.click();
  await expectStep(page, 7, 'Compare the sizes');
  await expect(page.locator('[data-highlighted="true"]')).toContainText('What did pruning buy?');
  await expect(tour.getByRole('button', { name: 'Next' })).toHaveCount(0);
  await snap(page, 7);

  // Keyboard: ← goes back, Esc closes and returns focus.
  await page.keyboard.press('ArrowLeft');
  await expectStep(page, 6, 'Fine-tune');
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
