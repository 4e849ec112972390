// The invariants run: a seeded random sequence of user actions on small data (train, stop,
// slider, scope, cap, layers, criterion, structure, fine-tune, prune-from, iterative, sweep,
// compact, export → import, import → reload, copy link → open, reload, an ONNX import). After each one settles, every readout of the same
// quantity agrees: achieved sparsity = 1 − non-zeros/total = the per-layer bars' zeros =
// the compare panel = the zeros in the exported weights; data-state returns to ready within
// a bound that scales with the work; no console errors; the worker's tensor count stays
// bounded. MONKEY_SEED and MONKEY_ACTIONS choose another run; MONKEY_ONLY (a comma list of
// actions) draws from those alone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SMALL, waitForState } from './helpers';
import { expectConsistent, exportedZeros, pick, random, readouts } from './monkey';

const SEED = Number(process.env.MONKEY_SEED ?? 1);
const ACTIONS = Number(process.env.MONKEY_ACTIONS ?? 150);
const LAYERS = ['conv1', 'conv2', 'fc1', 'fc2'];

type Action = 'slider' | 'scope' | 'cap' | 'layer' | 'criterion' | 'structure' | 'finetune' | 'anchor' | 'iterative' | 'sweep' | 'compact' | 'export-import' | 'reload' | 'train' | 'stop' | 'second-tab' | 'storage-fault' | 'import-reload' | 'copy-link-open' | 'onnx-import';
/** How often each action is drawn, and the seconds its work may take before the page must read ready. */
const ACTIONS_TABLE: readonly (readonly [Action, number, number])[] = [
  ['slider', 30, 30],
  ['scope', 8, 30],
  ['cap', 6, 30],
  ['layer', 8, 30],
  ['criterion', 6, 60],
  ['structure', 6, 30],
  ['finetune', 8, 90],
  ['anchor', 6, 30],
  ['iterative', 3, 150],
  ['sweep', 3, 150],
  ['compact', 3, 60],
  ['export-import', 4, 60],
  ['reload', 4, 90],
  ['train', 2, 150],
  ['stop', 2, 150],
  ['second-tab', 2, 150],
  ['storage-fault', 2, 90],
  ['import-reload', 2, 90],
  ['copy-link-open', 2, 150],
  ['onnx-import', 2, 150],
];
/** The tutorial's Net as PyTorch exported it: an imported graph with the same layer names as LeNet-5. */
const ONNX_FIXTURE = join(import.meta.dirname, 'fixtures', 'onnx', 'net.onnx');

const ONLY = process.env.MONKEY_ONLY?.split(',');
const DRAWN = ONLY ? ACTIONS_TABLE.filter(([a]) => ONLY.includes(a)) : ACTIONS_TABLE;

function draw(rng: () => number): readonly [Action, number] {
  const total = DRAWN.reduce((s, a) => s + a[1], 0);
  let x = rng() * total;
  for (const [a, w, bound] of DRAWN) {
    if ((x -= w) < 0) return [a, bound];
  }
  return ['slider', 30];
}

async function select(page: Page, testid: string, rng: () => number): Promise<boolean> {
  const el = page.getByTestId(testid);
  if (!(await el.isVisible()) || !(await el.isEnabled())) return false;
  const values = await el.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  await el.selectOption(pick(rng, values));
  return true;
}

async function click(page: Page, testid: string): Promise<boolean> {
  const el = page.getByTestId(testid);
  if (!(await el.isVisible()) || !(await el.isEnabled())) return false;
  await el.click();
  return true;
}

async function act(page: Page, action: Action, rng: () => number, dir: string, context: BrowserContext): Promise<string> {
  switch (action) {
    case 'slider': {
      const rate = pick(rng, [0, 0.1, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99]);
      const slider = page.getByTestId('prune-slider');
      if (!(await slider.isEnabled())) return 'slider (disabled: N:M sets the sparsity)';
      await slider.fill(String(rate));
      return `slider ${rate}`;
    }
    case 'scope':
      return (await select(page, 'scope-select', rng)) ? 'scope' : 'scope (disabled)';
    case 'cap':
      if (rng() < 0.5) return (await click(page, 'cap-toggle')) ? 'cap toggled' : 'cap (not shown)';
      return (await select(page, 'cap-select', rng)) ? 'cap value' : 'cap (not shown)';
    case 'layer': {
      const layer = pick(rng, LAYERS);
      const box = page.getByTestId(`layer-toggle-${layer}`);
      const on = await page.locator('[data-testid^="layer-toggle-"]:checked').count();
      if ((await box.isChecked()) && on <= 1) return 'layer (kept the last one)';
      if (!(await box.isEnabled())) return 'layer (disabled)';
      await box.click();
      return `layer ${layer}`;
    }
    case 'criterion':
      return (await select(page, 'criterion-select', rng)) ? 'criterion' : 'criterion (disabled)';
    case 'structure':
      return (await select(page, 'structure-select', rng)) ? 'structure' : 'structure (disabled)';
    case 'finetune':
      return (await click(page, 'finetune-button')) ? 'fine-tune' : 'fine-tune (disabled)';
    case 'anchor':
      return (await select(page, 'anchor-select', rng)) ? 'prune from' : 'prune from (one checkpoint)';
    case 'iterative': {
      if (!(await page.getByTestId('schedule-select').isEnabled())) return 'iterative (disabled)';
      await page.getByTestId('schedule-select').selectOption('iterative');
      if (!(await page.getByTestId('schedule-rounds').isEnabled())) return 'iterative (disabled)';
      await page.getByTestId('schedule-rounds').fill('2');
      await page.getByTestId('schedule-baseline').setChecked(false);
      return (await click(page, 'schedule-run')) ? 'iterative' : 'iterative (rate 0)';
    }
    case 'sweep':
      return (await click(page, 'sweep-run')) ? 'sweep' : 'sweep (disabled)';
    case 'compact':
      return (await click(page, 'compact-button')) ? 'compact' : 'compact (disabled)';
    case 'export-import': {
      if (!(await page.getByTestId('export-button').isEnabled())) return 'export (disabled)';
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
      const path = join(dir, `${Math.floor(rng() * 1e9)}.zip`);
      await download.saveAs(path);
      await waitForState(page, 'ready', 60_000);
      const before = await readouts(page);
      const zeros = exportedZeros(path);
      const selected = before.bars.filter((b) => b.selected);
      const exported = selected.reduce((s, b) => s + (zeros.get(`${b.layer}/kernel`)?.zeros ?? NaN), 0);
      expect(exported, 'zeros in the exported weights = the zeros on screen').toBe(before.total - before.nonZero);
      await page.getByTestId('import-input').setInputFiles(path);
      await expect(page.getByTestId('import-status')).toBeVisible({ timeout: 60_000 });
      return 'export → import';
    }
    case 'import-reload': {
      // An imported model is the reference while pruning from it, and a reload restores it when it was stored.
      if (!(await page.getByTestId('export-button').isEnabled())) return 'import → reload (export disabled)';
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
      const path = join(dir, `${Math.floor(rng() * 1e9)}.zip`);
      await download.saveAs(path);
      await waitForState(page, 'ready', 60_000);
      await page.getByTestId('import-input').setInputFiles(path);
      await expect(page.getByTestId('import-status')).toBeVisible({ timeout: 60_000 });
      await waitForState(page, 'ready', 60_000);
      await expect(page.getByTestId('reference-label'), 'the import is the reference').toHaveText(/^Imported model \(#\d+\)/);
      const accuracy = (await page.getByTestId('dense-accuracy').textContent()) ?? '';
      const saved = ((await page.getByTestId('storage-status').textContent()) ?? '').startsWith('Saved in this browser');
      await page.reload();
      await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 90_000 });
      await waitForState(page, 'ready', 90_000);
      if (!saved) return 'import → reload (the import was not stored)';
      await expect(page.getByTestId('reference-label'), 'the stored import is restored as the reference').toHaveText(/^Imported model/);
      await expect(page.getByTestId('dense-accuracy')).toHaveText(accuracy);
      return 'import → reload';
    }
    case 'copy-link-open': {
      // The copied link marks a checkpoint it cannot carry; opened in this browser, it says so and shows a consistent lab.
      if (!(await click(page, 'copy-link'))) return 'copy link (not shown)';
      await expect(page.getByText('Link copied.')).toBeVisible();
      const link = new URL(await page.evaluate(() => navigator.clipboard.readText()));
      const anchor = (await page.getByTestId('anchor-select').count()) ? await page.getByTestId('anchor-select').inputValue() : '0';
      if (anchor === '0') expect(link.searchParams.get('from'), 'a link from the trained model carries no marker').toBeNull();
      else await expect(page.getByTestId('copy-link-note')).toContainText(`#${anchor} lives in this browser`);
      const other = await context.newPage();
      await other.goto(link.href);
      await expect(other.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 150_000 });
      await waitForState(other, 'ready', 150_000);
      await expect(other.getByTestId('link-origin-note')).toHaveCount(link.searchParams.has('from') ? 1 : 0);
      await expect(other.getByTestId('url-warnings')).toHaveCount(0);
      // The slider shows the link's rate, or under N:M the pattern's sparsity (the pattern is the control then).
      const nm = link.searchParams.get('structure') === 'nm' ? (link.searchParams.get('nm') ?? '2:4').split(':').map(Number) : null;
      const shown = nm ? String((nm[1] - nm[0]) / nm[1]) : (link.searchParams.get('rate') ?? '0');
      await expect(other.getByTestId('prune-slider')).toHaveValue(shown);
      expectConsistent(await readouts(other), 'the opened link');
      await other.close();
      return `copy link → open (${link.searchParams.get('from') ?? 'no marker'})`;
    }
    case 'onnx-import': {
      // An imported ONNX graph becomes the lab's model: every invariant must hold on it too.
      if (!(await page.getByTestId('import-input').isEnabled())) return 'ONNX import (disabled)';
      await page.getByTestId('import-norm').selectOption('mnist');
      await page.getByTestId('import-input').setInputFiles(ONNX_FIXTURE);
      await expect(page.getByTestId('import-status').or(page.getByTestId('import-error'))).toBeVisible({ timeout: 60_000 });
      await waitForState(page, 'ready', 150_000);
      await expect(page.getByTestId('import-status'), 'the ONNX file is imported').toContainText('Imported net.onnx');
      return 'ONNX import';
    }
    case 'reload':
      await page.reload();
      await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 90_000 });
      return 'reload';
    case 'train':
      return (await click(page, 'train-button')) ? 'train' : 'train (disabled)';
    case 'second-tab': {
      // Another tab on the same experiment restores it, fine-tunes, and closes.
      const other = await context.newPage();
      await other.goto(page.url());
      await expect(other.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 90_000 });
      await waitForState(other, 'ready', 90_000);
      const tuned = await click(other, 'finetune-button');
      if (tuned) await expect(other.getByTestId('anchor-select')).toBeVisible({ timeout: 120_000 });
      await waitForState(other, 'ready', 120_000);
      await other.close();
      return tuned ? 'second tab fine-tuned' : 'second tab (nothing to fine-tune)';
    }
    case 'storage-fault': {
      // The browser's storage fills up while a fine-tune is saved: the lab says so, nothing is lost from the page.
      const cdp = await context.newCDPSession(page);
      const origin = new URL(page.url()).origin;
      await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 64 * 1024 });
      const tuned = await click(page, 'finetune-button');
      if (tuned) await waitForState(page, 'ready', 90_000);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin });
      await cdp.detach();
      // Room again: the next checkpoint is saved with what waited, and the "full" message goes.
      const full = (await page.getByTestId('storage-status').getAttribute('data-status')) === 'full';
      if (full && (await click(page, 'finetune-button'))) {
        await waitForState(page, 'ready', 90_000);
        await expect(page.getByTestId('storage-status'), 'storage that recovers is used again').not.toContainText('storage is full');
        return 'fine-tune with a full storage, then with room again';
      }
      return tuned ? 'fine-tune with a full storage' : 'storage fault (nothing to fine-tune)';
    }
    case 'stop': {
      if (!(await click(page, 'train-button'))) return 'stop (train disabled)';
      await waitForState(page, 'training', 30_000).catch(() => undefined);
      await page.getByTestId('stop-button').click().catch(() => undefined);
      return 'train + stop';
    }
  }
}

/** Every checkpoint the page says is saved comes back in a fresh tab, and each can be pruned from. */
async function expectSavedRestorable(page: Page, context: BrowserContext): Promise<void> {
  const status = (await page.getByTestId('storage-status').textContent()) ?? '';
  const saved = Number(/\((\d+) checkpoints?/.exec(status)?.[1] ?? 0);
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await waitForState(fresh, 'ready', 90_000);
  if (saved === 0) return void (await fresh.close());
  await expect(fresh.getByTestId('restored-note')).toBeVisible();
  const options = saved > 1 ? await fresh.getByTestId('anchor-select').locator('option').count() : 1;
  expect(options, `${saved} saved checkpoints, ${options} restored`).toBeGreaterThanOrEqual(saved);
  for (let i = 0; i < options && saved > 1; i++) {
    await fresh.getByTestId('anchor-select').selectOption(String(i));
    await waitForState(fresh, 'ready', 60_000);
    expectConsistent(await readouts(fresh), `restored checkpoint ${i}`);
  }
  await fresh.close();
}

test(`invariants hold after each of ${ACTIONS} seeded random actions (seed ${SEED})`, async ({ page, context }) => {
  test.setTimeout(Math.max(600_000, ACTIONS * 20_000));
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const rng = random(SEED);
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-monkey-'));
  await page.goto(`./?${SMALL}&autorun=1`);
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 150_000 });
  await waitForState(page, 'ready');
  const log: string[] = [];
  const started = Date.now();
  for (let i = 0; i < ACTIONS; i++) {
    const [action, bound] = draw(rng);
    const t0 = Date.now();
    const what = await act(page, action, rng, dir, context);
    log.push(`${i + 1}. ${what}`);
    if (process.env.MONKEY_VERBOSE) console.log(`${i + 1}. ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s to act)`);
    const where = `seed ${SEED}, action ${i + 1} (${what}); last actions: ${log.slice(-5).join(' · ')}`;
    await expect(page.getByTestId('app'), where).toHaveAttribute('data-state', 'ready', { timeout: bound * 1000 });
    expectConsistent(await readouts(page), where);
    expect(errors, where).toEqual([]);
    const tensors = await page.evaluate(() => (window as unknown as { __prunelab?: { trainReports: { numTensors: number }[] } }).__prunelab?.trainReports.map((r) => r.numTensors) ?? []);
    expect(Math.max(0, ...tensors), `${where}: tensors in the worker`).toBeLessThan(400);
    if (process.env.MONKEY_VERBOSE) console.log(`   settled after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await expectSavedRestorable(page, context);
  console.log(`invariants: ${ACTIONS} actions, seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(0)} s; log: ${log.join(' · ')}`);
});
