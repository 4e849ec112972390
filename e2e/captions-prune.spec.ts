// Captions that agree with the numbers beside them, on the trained start: what the rate
// means for whole channels and N:M (and the controls that do not apply turned off), the
// cap's warning and remembered value, the histograms' threshold lines and legend in either
// theme, and the accuracy chart's legend markers and close-up.
import { expect, test, type Page } from '@playwright/test';
import { parsePercent, settled } from './helpers';

const TRAINED = './?start=trained&test=1000';

async function trainedStart(page: Page, extra = ''): Promise<void> {
  await page.goto(`${TRAINED}${extra}`);
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
}

test('global channels: the compare note counts channels and zeros as they are, and the rate is defined on screen', async ({ page }) => {
  await trainedStart(page, '&rate=0.5&scope=global&structure=channels');
  const note = page.getByTestId('compare-note');
  await expect(note).toContainText('266 of 570 prunable channels removed (46.7%: fc1 266/500)');
  await expect(note).not.toContainText('higher than the rate');
  await expect(note).toContainText('Global, the rate is the share of the selected weights held by removed channels, ranked by mean |w| (L1 norm ÷ fan-in)');
  await expect(note).toContainText('Zero weights: 50.0% of the selected layers');
  await expect(note).toContainText("2,660 in the next layers' weights that read a removed channel");
  await expect(page.getByTestId('rate-meaning')).toContainText("Rate = the share of the selected layers' weights held by removed channels");
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  // Per layer the rate is a share of each layer's channels, and dead inputs raise the zeros above it.
  await page.getByTestId('scope-select').selectOption('layer');
  await settled(page);
  await expect(note).toContainText("Per layer, the rate is the share of each layer's channels removed: 285 of 570 prunable channels removed (50.0%: conv1 10/20, conv2 25/50, fc1 250/500)");
  await expect(page.getByTestId('rate-meaning')).toContainText("Rate = the share of each selected layer's channels");
  await expect(note).toContainText('Zero weights: 74.7% of the selected layers');
});

test('N:M: the pattern sets the sparsity, so the rate and the cap are off and say so', async ({ page }) => {
  await trainedStart(page, '&rate=0.5&scope=global&structure=nm&nm=1:4');
  await expect(page.getByTestId('sparsity-total')).toHaveText('75.0%');
  const label = page.locator('.slider-label');
  await expect(label).not.toContainText('Pruning rate 50%');
  await expect(label).toContainText('Sparsity 75%, set by the 1:4 pattern');
  await expect(page.getByTestId('prune-slider')).toBeDisabled();
  await expect(page.getByTestId('prune-slider')).toHaveValue('0.75');
  await expect(page.getByTestId('cap-toggle')).toBeDisabled();
  await expect(page.getByTestId('cap-select')).toBeDisabled();
  await expect(page.getByTestId('nm-note')).toContainText('slider, scope and cap are off');
  // Leaving N:M gives the rate back.
  await page.getByTestId('structure-select').selectOption('weights');
  await settled(page);
  await expect(label).toContainText('Pruning rate 50%');
  await expect(page.getByTestId('cap-toggle')).toBeEnabled();
});

test('cap off at 99 %: the warning does not promise accuracy', async ({ page }) => {
  await trainedStart(page, '&scope=global');
  await page.getByTestId('cap-select').selectOption('0.8');
  await page.getByTestId('cap-toggle').uncheck();
  await page.getByTestId('prune-slider').fill('0.99');
  await settled(page);
  const warning = page.getByTestId('empty-layer-warning');
  await expect(warning).toContainText('fc1 keeps');
  await expect(warning).not.toContainText('Turn on the per-layer cap to keep every layer alive');
  await expect(warning).toContainText('not necessarily more accuracy');
  await expect(warning).toContainText('A per-layer cap (80%) keeps at least 20% of every layer');
});

test('unchecking and rechecking the cap keeps the value chosen', async ({ page }) => {
  await trainedStart(page, '&scope=global&rate=0.99');
  await page.getByTestId('cap-select').selectOption('0.8');
  await settled(page);
  await page.getByTestId('cap-toggle').uncheck();
  await settled(page);
  await page.getByTestId('cap-toggle').check();
  await expect(page.getByTestId('cap-select')).toHaveValue('0.8');
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('80.0%');
});

test('histograms: threshold lines only where they mean something, named series, and a threshold from the model as it is', async ({ page }) => {
  test.setTimeout(300_000);
  await trainedStart(page, '&train=2000&rate=0.5&criterion=taylor');
  const histograms = page.getByTestId('weight-histogram');
  await expect(histograms).not.toContainText('Dashed lines: the magnitude threshold');
  await expect(page.getByTestId('histogram-threshold-note')).toContainText('No threshold lines: Taylor ranks weights by |w · ∂L/∂w|');
  await expect(histograms.locator('.histogram-grid line.threshold')).toHaveCount(0);
  await expect(histograms.locator('[data-series="threshold"]')).toHaveCount(0);
  // Magnitude: lines, a legend entry, and a positive threshold.
  await page.getByTestId('criterion-select').selectOption('magnitude');
  await settled(page);
  await expect(histograms.locator('[data-series="threshold"]')).toHaveCount(1);
  await expect(histograms.locator('figcaption').first()).toContainText(/\|w\| ≤ 0\.0*[1-9]/);
  // A fine-tuned checkpoint: its own zeros are not "pruned at |w| ≤ 0".
  await page.getByTestId('finetune-button').click();
  await expect(page.getByTestId('finetune-status')).toContainText('test accuracy', { timeout: 200_000 });
  await settled(page);
  await expect(page.getByTestId('sparsity-total')).toHaveText('50.0%');
  const zeroThreshold = /\|w\| ≤ 0\.0*(?![0-9])/;
  for (const caption of await histograms.locator('figcaption').allTextContents()) expect(caption).not.toMatch(zeroThreshold);
  await expect(page.getByTestId('histogram-threshold-note')).toContainText('removes no weight beyond the checkpoint’s own zeros');
  // Pruning further from it: the threshold is the largest |w| of its weights that go.
  await page.getByTestId('prune-slider').fill('0.6');
  await settled(page);
  for (const caption of await histograms.locator('figcaption').allTextContents()) expect(caption).not.toMatch(zeroThreshold);
  await expect(histograms.locator('figcaption').filter({ hasText: 'fc1' })).toContainText(/\|w\| ≤ 0\.0*[1-9]/);
});

for (const theme of ['light', 'dark'] as const) {
  test(`histogram legend swatches are drawn like the bars they name (${theme} theme)`, async ({ page }) => {
    await trainedStart(page, `&rate=0.5&theme=${theme}`);
    const histograms = page.getByTestId('weight-histogram');
    await expect(histograms).not.toContainText('Light: ');
    await expect(histograms).not.toContainText('Dark: ');
    const style = (css: string) =>
      histograms.locator(css).first().evaluate((el) => {
        const s = getComputedStyle(el);
        return `${s.fill} ${s.fillOpacity}`;
      });
    expect(await style('[data-series="all"] rect.bar-all')).toBe(await style('.histogram-grid rect.bar-all'));
    expect(await style('[data-series="kept"] rect.bar-kept')).toBe(await style('.histogram-grid rect.bar-kept'));
    await expect(histograms.locator('[data-series="kept"]')).toContainText('surviving weights');
  });
}

/** The command letters of an SVG path: a circle has arcs (A), a triangle M L L Z, a diamond M L L L Z. */
const commands = (d: string | null) => (d ?? '').replace(/[^A-Za-z]/g, '');

test('accuracy chart: legend markers match the series, and a close-up tells 98.4 % from 97.3 %', async ({ page }) => {
  await trainedStart(page);
  await page.getByTestId('prune-slider').fill('0.5');
  await settled(page);
  await page.getByTestId('scope-select').selectOption('global');
  await page.getByTestId('prune-slider').fill('0.9');
  await settled(page);
  const pruned = parsePercent(await page.getByTestId('test-accuracy').textContent());
  await page.getByTestId('structure-select').selectOption('channels');
  await page.getByTestId('prune-slider').fill('0.3');
  await settled(page);
  const curve = page.getByTestId('accuracy-curve');
  const icon = (name: string) => curve.locator('.recharts-legend-item').filter({ has: page.locator('.recharts-legend-item-text', { hasText: new RegExp(`^${name}$`) }) }).locator('path').first();
  expect(commands(await icon('magnitude · per layer').getAttribute('d'))).toMatch(/A/);
  expect(commands(await icon('magnitude · global').getAttribute('d'))).toBe('MLLZ');
  expect(commands(await icon('magnitude · global · channels').getAttribute('d'))).toBe('MLLLZ');
  // The close-up's axis starts near the data, not at 0.
  const closeUp = page.getByTestId('accuracy-closeup');
  await expect(closeUp).toBeVisible();
  const yMin = Number(await closeUp.getAttribute('data-y-min'));
  expect(yMin).toBeGreaterThan(80);
  expect(yMin).toBeLessThanOrEqual(Math.min(pruned, 98));
  await expect(closeUp).toContainText(`the y axis runs from ${yMin}%`);
});
