// The class demo at a phone's, a small laptop's and a projector's size. The trained start's
// first screen tells the shipped model's training story (from its stored provenance, not
// empty live charts) and has the slider, sparsity and accuracy above the fold; in every step
// of the guided tour, what the step asks you to read is inside the window and not under the
// tour's popover (checked by bounding boxes). A screenshot of the first screen and of each
// step at each size.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { settled } from './helpers';

const SIZES = [
  { width: 390, height: 844 },
  { width: 1024, height: 768 },
  { width: 1280, height: 800 },
] as const;

const tid = (id: string) => `[data-testid="${id}"]`;
const SLIDER = tid('prune-slider');
const READOUTS = [tid('sparsity-total'), tid('test-accuracy')];
const BARS = tid('layer-sparsity-chart');

/**
 * What each step asks you to read (on the trained start): its numbers at every width, and
 * on a laptop or projector also the slider it has just moved (a phone is too short for the
 * slider, the readouts and the bars at once: there the numbers and bars must show).
 */
function stepReads(step: number, wide: boolean): readonly string[] {
  const slider = wide ? [SLIDER] : [];
  switch (step) {
    case 1:
      return [tid('shipped-story'), tid('dense-accuracy')];
    case 2:
      return [`${tid('weight-histogram')} figure`];
    case 3:
      return [...READOUTS, tid('dense-reference'), ...slider];
    case 4:
    case 5:
      return [...READOUTS, BARS, ...slider];
    case 6:
      return [tid('finetune-button'), ...READOUTS];
    default:
      return [`${tid('compare-panel')} .table-scroll`];
  }
}

/** Each selector's problem: missing, (partly) outside the window, or under the tour's popover. */
async function problems(page: Page, selectors: readonly string[]): Promise<string[]> {
  return page.evaluate((sels) => {
    const popover = document.querySelector('[data-testid="tour-step"]')?.getBoundingClientRect() ?? null;
    return sels.flatMap((s) => {
      const el = document.querySelector(s);
      if (!el) return [`${s}: not on the page`];
      const r = el.getBoundingClientRect();
      const out: string[] = [];
      if (r.top < 0 || r.left < 0 || r.bottom > window.innerHeight + 0.5 || r.right > window.innerWidth + 0.5)
        out.push(`${s}: outside the ${window.innerWidth}×${window.innerHeight} window (top ${Math.round(r.top)}, bottom ${Math.round(r.bottom)})`);
      if (popover && r.left < popover.right && popover.left < r.right && r.top < popover.bottom && popover.top < r.bottom)
        out.push(`${s}: under the tour's popover (${Math.round(r.top)}–${Math.round(r.bottom)} vs ${Math.round(popover.top)}–${Math.round(popover.bottom)})`);
      return out;
    });
  }, selectors);
}

const soft = expect.configure({ soft: true });

interface Provenance {
  readonly epochs: number;
  readonly train: number;
  readonly testAccuracy: number;
  readonly epochAccuracies: readonly number[];
}
const provenance = JSON.parse(readFileSync('models/trained/lenet5/provenance.json', 'utf8')) as Provenance;
const pct = (f: number) => `${(f * 100).toFixed(2)}%`;

async function openTrainedStart(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.goto('./?start=trained');
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 60_000 });
  await settled(page);
}

for (const size of SIZES) {
  test(`trained start at ${size.width}×${size.height}: the training story, and the slider, sparsity and accuracy above the fold`, async ({ page }) => {
    await openTrainedStart(page, size);
    if (size.width >= 1024) soft(await problems(page, [tid('shipped-summary'), SLIDER, ...READOUTS]), 'above the fold on the first screen').toEqual([]);
    // The story as it was: no empty live charts, the stored settings and per-epoch accuracies.
    await expect(page.getByTestId('training-curves')).toHaveCount(0);
    const story = page.getByTestId('shipped-story');
    await expect(story).toContainText(`${provenance.epochs} epochs on ${provenance.train.toLocaleString('en-US')} images`);
    await expect(story).toContainText('SGD lr 0.01, momentum 0.5');
    await expect(story).toContainText(`test accuracy ${pct(provenance.testAccuracy)}`);
    for (const a of provenance.epochAccuracies) await expect(story).toContainText(pct(a));
    await expect(story).toContainText('loss curve was not stored');
    // The prune panel leads, headed by where its model came from.
    await expect(page.getByTestId('shipped-summary')).toContainText(`${provenance.epochs} epochs on ${provenance.train.toLocaleString('en-US')} images`);
    await expect(page).toHaveScreenshot(`first-screen-${size.width}.png`, { mask: [page.locator('[data-timing]')] });
  });

  test(`every tour step keeps what it asks you to read on screen and clear of the popover at ${size.width}×${size.height}`, async ({ page }) => {
    test.setTimeout(180_000);
    await openTrainedStart(page, size);
    await page.getByTestId('tour-start').click();
    const tour = page.getByTestId('tour-step');
    for (let step = 1; step <= 7; step++) {
      if (step > 1) await tour.getByRole('button', { name: 'Next' }).click();
      await expect(tour).toHaveAttribute('data-step', String(step));
      if (step >= 3 && step <= 5) {
        await expect(page.getByTestId('sparsity-total')).toHaveText(['50.0%', '90.0%', '99.0%'][step - 3]);
        await settled(page);
      }
      if (step === 1) await soft(tour).toContainText('This network came trained');
      const reads = stepReads(step, size.width >= 1024);
      await soft.poll(() => problems(page, reads), { message: `step ${step}`, timeout: 5_000 }).toEqual([]);
      await expect(page).toHaveScreenshot(`tour-${size.width}-step-${step}.png`, { mask: [page.locator('[data-timing]')] });
    }
  });
}
