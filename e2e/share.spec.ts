// Shareable state: every control is mirrored into the URL as it changes, "Copy
// link" hands out that URL (clipboard, or a read-only field without one), opening it
// reproduces the same state, invalid parameters warn and fall back, and hide= hides controls.
import { expect, test, type Page } from '@playwright/test';
import { SMALL, settled, waitForState, waitForTrained } from './helpers';

async function urlParams(page: Page): Promise<URLSearchParams> {
  return new URL(page.url()).searchParams;
}

test('controls, preset and theme round-trip through the copied link', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto(`./?${SMALL}&autorun=1`);
  await waitForTrained(page);

  // A preset sets the pruning controls and the method, and the URL follows.
  await page.getByTestId('preset-select').selectOption({ label: 'Han et al. 12×' });
  await expect(page.getByTestId('prune-slider')).toHaveValue('0.92');
  await expect(page.getByTestId('scope-select')).toHaveValue('global');
  await expect(page.getByTestId('method-summary')).toContainText('schedule: iterative');
  await expect(page.getByTestId('sparsity-total')).toHaveText('92.0%');
  await expect.poll(async () => (await urlParams(page)).get('schedule')).toBe('iterative');

  // A manual change leaves the preset ("your own settings") and is mirrored too.
  await page.getByTestId('prune-slider').fill('0.85');
  await expect(page.getByTestId('preset-select')).toHaveValue('');
  await expect(page.getByTestId('sparsity-total')).toHaveText('85.0%');
  await settled(page);
  await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await urlParams(page)).get('theme')).toBe('dark');
  const params = await urlParams(page);
  expect(Object.fromEntries(params)).toEqual({
    train: '512',
    test: '256',
    epochs: '1',
    rate: '0.85',
    scope: 'global',
    schedule: 'iterative',
    theme: 'dark',
    autorun: '1',
  });

  await page.getByTestId('copy-link').click();
  await expect(page.getByText('Link copied.')).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(page.url());

  // A fresh page (no saved theme) opens the link and shows the same state.
  const other = await context.newPage();
  await other.goto(link);
  await waitForTrained(other);
  await expect(other.getByTestId('url-warnings')).toHaveCount(0);
  await expect(other.getByTestId('prune-slider')).toHaveValue('0.85');
  await expect(other.getByTestId('scope-select')).toHaveValue('global');
  await expect(other.getByTestId('method-summary')).toContainText('criterion: magnitude');
  await expect(other.getByTestId('method-summary')).toContainText('schedule: iterative');
  await expect(other.getByTestId('sparsity-total')).toHaveText('85.0%');
  await expect(other.locator('html')).toHaveAttribute('data-theme', 'dark');
  await settled(other);
  // Same seed, same data, same settings: the same accuracies.
  for (const id of ['dense-accuracy', 'test-accuracy', 'nonzero-params']) {
    await expect(other.getByTestId(id)).toHaveText((await page.getByTestId(id).textContent()) ?? '');
  }
});

test('a preset chosen before training is applied once the model is trained', async ({ page }) => {
  await page.goto(`./?${SMALL}`);
  await waitForState(page, 'ready');
  await page.getByTestId('preset-select').selectOption('lottery');
  await expect(page.getByTestId('prune-slider')).toHaveValue('0.8');
  await expect(page.getByTestId('method-summary')).toContainText('schedule: lottery');
  await expect(page.getByTestId('preset-story')).toContainText('winning ticket');
  await expect.poll(async () => (await urlParams(page)).get('schedule')).toBe('lottery');
  await page.getByTestId('train-button').click();
  await waitForTrained(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('80.0%');
  await settled(page);
  await expect(page.getByTestId('preset-select')).toHaveValue('lottery');
});

test('invalid parameters warn, fall back to defaults and are dropped from the link', async ({ page }) => {
  await page.goto(`./?${SMALL}&rate=1.7&scope=diagonal&criterion=hessian&schedule=often&hide=scope,everything&theme=pink`);
  await waitForState(page, 'ready');
  const warnings = page.getByTestId('url-warnings');
  await expect(warnings).toContainText('Invalid rate="1.7"');
  await expect(warnings).toContainText('Invalid scope="diagonal" (use layer or global): using layer.');
  await expect(warnings).toContainText('Invalid criterion="hessian" (use magnitude, taylor, fisher, random or wanda): using magnitude.');
  await expect(warnings).toContainText('Invalid schedule="often"');
  await expect(warnings).toContainText('Unknown control in hide= "everything"');
  await expect(warnings).toContainText('Invalid theme="pink"');
  await expect(page.getByTestId('prune-slider')).toHaveValue('0');
  await expect(page.getByTestId('method-summary')).toHaveText(
    'criterion: magnitude |w| · structure: single weights · schedule: one-shot',
  );
  await expect(page.getByTestId('scope-select')).toHaveCount(0); // the valid part of hide= still applies
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  // seed=1 is the default, so the canonical link leaves it out.
  await expect.poll(() => new URL(page.url()).search).toBe('?train=512&test=256&epochs=1&hide=scope');
  await expect(page.getByTestId('train-button')).toBeEnabled();
});

test('without a clipboard, the link appears in a read-only field', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
  });
  await page.goto(`./?${SMALL}&rate=0.3`);
  await waitForState(page, 'ready');
  await page.getByTestId('copy-link').click();
  const field = page.getByTestId('copy-link-field');
  await expect(field).toBeVisible();
  await expect(field).toHaveAttribute('readonly', '');
  await expect(field).toHaveValue(page.url());
  expect(new URL(await field.inputValue()).searchParams.get('rate')).toBe('0.3');
  await expect(page.getByText('Copy this link:')).toBeVisible();
});

test('experiment settings (backend, sizes, epochs, seed) are a form that opens the new link', async ({ page }) => {
  await page.goto(`./?${SMALL}&rate=0.4&scope=global`);
  await waitForState(page, 'ready');
  const form = page.getByTestId('experiment-settings');
  await expect(form).toContainText('Experiment: 512 training / 256 test images, 1 epoch, seed 1, backend automatic');
  await form.locator('summary').click();
  await page.getByTestId('experiment-train').fill('0');
  await page.getByTestId('experiment-seed').fill('-5');
  await page.getByTestId('experiment-apply').click();
  await expect(page.getByTestId('experiment-problems')).toContainText('Invalid train="0" (an integer 1–60000).');
  await expect(page.getByTestId('experiment-problems')).toContainText('Invalid seed="-5" (an integer 0–2147483647).');
  expect(new URL(page.url()).searchParams.get('train')).toBe('512'); // nothing applied

  await page.getByTestId('experiment-train').fill('300');
  await page.getByTestId('experiment-seed').fill('7');
  await page.getByTestId('experiment-epochs').fill('2');
  await page.getByTestId('experiment-backend').selectOption('wasm');
  await page.getByTestId('experiment-apply').click();
  await expect(page).toHaveURL(/\?backend=wasm&train=300&test=256&epochs=2&seed=7&rate=0.4&scope=global$/);
  await waitForState(page, 'ready');
  await expect(page.getByTestId('dataset-status')).toHaveText('MNIST: 300 training / 256 test images');
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  await expect(page.getByTestId('prune-slider')).toHaveValue('0.4');
  await expect(page.getByTestId('url-warnings')).toHaveCount(0);
});

test('hide= gives a simplified classroom view', async ({ page }) => {
  await page.goto(`./?${SMALL}&hide=model,scope,layers,criterion,structure,schedule,presets,share,experiment`);
  await waitForState(page, 'ready');
  for (const id of ['model-select', 'scope-select', 'preset-select', 'copy-link', 'method-summary', 'experiment-settings']) {
    await expect(page.getByTestId(id)).toHaveCount(0);
  }
  await expect(page.getByRole('group', { name: 'Layers to prune' })).toHaveCount(0);
  for (const id of ['prune-slider', 'train-button', 'tour-start', 'theme-toggle', 'finetune-button']) {
    await expect(page.getByTestId(id)).toBeVisible();
  }
  await expect(page.getByTestId('url-warnings')).toHaveCount(0);
});
