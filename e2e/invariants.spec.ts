// The invariants run: a seeded random sequence of user actions on small data (train, stop,
// slider, scope, cap, layers, criterion, structure, fine-tune, prune-from, iterative, sweep,
// compact, export → import, import → reload, copy link → open, reload, an ONNX import) and
// faults (a GPU device lost at a random moment, a second import chosen while the first is
// read, a storage that fills and frees). After each one settles, every readout of the same
// quantity agrees: achieved sparsity = 1 − non-zeros/total = the per-layer bars' zeros =
// the compare panel = the zeros in the exported weights; data-state returns to ready within
// a bound that scales with the work; no console errors; the worker's live tensors stay flat
// (the same count whenever the same model is at rest); no error stays on screen that the
// run did not cause or that a later success of its job should have cleared. MONKEY_SEED and
// MONKEY_ACTIONS choose another run; MONKEY_ONLY (a comma list of actions) draws from those
// alone; MONKEY_GPU_LOSSES sets how many device losses it holds (none by default: each costs a minute).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { SMALL, waitForState } from './helpers';
import { expectCompactRefused, expectConsistent, expectSavedRestorable, exportedZeros, exportTo, pick, random, readouts, workerTensors } from './monkey';
import { deviceLoss, keepRoom, overlappingImports, slowReads, startQuota, storageFillsAndFrees, type ImportExpectation, type Quota } from './monkeyFaults';

const SEED = Number(process.env.MONKEY_SEED ?? 1);
const ACTIONS = Number(process.env.MONKEY_ACTIONS ?? 150);
/** Device losses per run, at seeded actions: 0 by default (a WebGPU tab on SwiftShader costs 35–95 s; see MONKEY_GPU_LOSSES in the README). */
const LOSSES = Number(process.env.MONKEY_GPU_LOSSES ?? 0);
const LAYERS = ['conv1', 'conv2', 'fc1', 'fc2'];

type Action = 'slider' | 'scope' | 'cap' | 'layer' | 'criterion' | 'structure' | 'finetune' | 'anchor' | 'iterative' | 'sweep' | 'compact' | 'export-import' | 'reload' | 'train' | 'stop' | 'second-tab' | 'storage-fault' | 'import-reload' | 'copy-link-open' | 'onnx-import' | 'device-loss' | 'overlapping-imports';
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
  // Never drawn by weight: a run loses the device MONKEY_GPU_LOSSES times at seeded actions,
  // as a WebGPU tab on SwiftShader costs about a minute.
  ['device-loss', 0, 90],
  ['overlapping-imports', 2, 90],
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

interface Run {
  readonly dir: string;
  readonly context: BrowserContext;
  readonly quota: Quota;
  readonly imports: ImportExpectation;
}

async function act(page: Page, action: Action, rng: () => number, { dir, context, quota, imports }: Run): Promise<string> {
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
      const path = join(dir, `${Math.floor(rng() * 1e9)}.zip`);
      if ((await exportTo(page, path)).compact) return `export (compact) → import refused (${(imports.failed = await expectCompactRefused(page, path))})`;
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
      const path = join(dir, `${Math.floor(rng() * 1e9)}.zip`);
      if ((await exportTo(page, path)).compact) return `import (compact) refused (${(imports.failed = await expectCompactRefused(page, path))})`;
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
    case 'storage-fault':
      return storageFillsAndFrees(page, quota);
    case 'device-loss':
      return deviceLoss(page, context, rng);
    case 'overlapping-imports':
      return overlappingImports(page, rng, dir, imports);
    case 'stop': {
      if (!(await click(page, 'train-button'))) return 'stop (train disabled)';
      await waitForState(page, 'training', 30_000).catch(() => undefined);
      await page.getByTestId('stop-button').click().catch(() => undefined);
      return 'train + stop';
    }
  }
}

/**
 * No error stays on screen that this run did not cause, or that a later success of its job
 * should have cleared: the only one the run causes on purpose is a failed import (the last
 * file of overlapping imports was broken), shown until an import succeeds, naming the file.
 */
async function expectNoStaleError(page: Page, imports: ImportExpectation, where: string): Promise<void> {
  if (await page.getByTestId('import-status').isVisible()) imports.failed = null;
  const importError = (await page.getByTestId('import-error').count()) ? await page.getByTestId('import-error').textContent() : null;
  if (importError !== null) expect(imports.failed !== null && importError.includes(`(${imports.failed})`), `${where}: an import error that is not the last import's: ${importError}`).toBe(true);
  const shown = (await page.getByTestId('error-message').count()) ? ((await page.getByTestId('error-message').textContent()) ?? '') : null;
  if (shown !== null) expect(imports.failed !== null && shown.startsWith('Import failed'), `${where}: an error the run did not cause, or one a success should have cleared: ${shown}`).toBe(true);
}

test(`invariants hold after each of ${ACTIONS} seeded random actions (seed ${SEED})`, async ({ page, context, baseURL }) => {
  test.setTimeout(Math.max(600_000, ACTIONS * 20_000));
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await context.addInitScript(slowReads);
  const rng = random(SEED);
  const run: Run = { dir: mkdtempSync(join(tmpdir(), 'prunelab-monkey-')), context, quota: await startQuota(page, baseURL ?? ''), imports: { failed: null } };
  /** The worker's live tensors at rest, per model (its layers and sizes): a leak shows as growth. */
  const atRest = new Map<string, number>();
  await page.goto(`./?${SMALL}&autorun=1`);
  await expect(page.getByTestId('dense-accuracy')).toHaveText(/%$/, { timeout: 150_000 });
  await waitForState(page, 'ready');
  const log: string[] = [];
  const started = Date.now();
  // The device losses' own seeded draw, so they do not change the rest of the sequence.
  const lossRng = random(SEED + 1_000_000);
  const losses = new Set(Array.from({ length: LOSSES }, () => Math.floor(lossRng() * ACTIONS)));
  for (let i = 0; i < ACTIONS; i++) {
    const drawn = draw(rng);
    const [action, bound] = losses.has(i) ? (['device-loss', 90] as const) : drawn;
    const t0 = Date.now();
    const what = await act(page, action, rng, run);
    log.push(`${i + 1}. ${what}`);
    if (process.env.MONKEY_VERBOSE) console.log(`${i + 1}. ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s to act)`);
    const where = `seed ${SEED}, action ${i + 1} (${what}); last actions: ${log.slice(-5).join(' · ')}`;
    await expect(page.getByTestId('app'), where).toHaveAttribute('data-state', 'ready', { timeout: bound * 1000 });
    const shown = await readouts(page);
    expectConsistent(shown, where);
    expect(errors, where).toEqual([]);
    await expectNoStaleError(page, run.imports, where);
    const model = shown.bars.map((b) => `${b.layer}:${b.size}`).join(' ');
    const live = await workerTensors(page);
    if (live !== null) expect(live, `${where}: the worker's live tensors at rest (model ${model})`).toBe(atRest.get(model) ?? (atRest.set(model, live), live));
    await keepRoom(page, run.quota);
    const tensors = await page.evaluate(() => (window as unknown as { __prunelab?: { trainReports: { numTensors: number }[] } }).__prunelab?.trainReports.map((r) => r.numTensors) ?? []);
    expect(Math.max(0, ...tensors), `${where}: tensors in the worker`).toBeLessThan(400);
    if (process.env.MONKEY_VERBOSE) console.log(`   settled after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  await expectSavedRestorable(page, context);
  await run.quota.cdp.detach();
  console.log(`invariants: ${ACTIONS} actions, seed ${SEED}, ${((Date.now() - started) / 1000).toFixed(0)} s; log: ${log.join(' · ')}`);
});
