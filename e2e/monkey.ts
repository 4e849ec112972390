// The invariants run's tools: a seeded random source, readers of every readout of the
// same quantity (achieved sparsity, non-zeros, per-layer bars, the compare panel, the zeros
// in an exported archive), and the check that they all agree; the worker's live tensors; and
// the check that every saved checkpoint comes back in a fresh tab.
import { readFileSync } from 'node:fs';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { waitForState } from './helpers';
import { mulberry32 } from '../src/core/random';
import { readZip } from '../src/core/io/zip';

/** The app's seeded generator (mulberry32): the same seed gives the same run. */
export const random = mulberry32;

export const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

const number = (s: string) => Number(s.replace(/,/g, ''));

export interface Readouts {
  /** Achieved sparsity shown (percent, one decimal). */
  readonly sparsity: number;
  readonly nonZero: number;
  readonly total: number;
  /** Per selected layer: zeros and weights, from the bars' data. */
  readonly bars: readonly { readonly layer: string; readonly zeros: number; readonly size: number; readonly selected: boolean }[];
  /** The compare panel's sparsity (percent), null when it is not shown. */
  readonly compare: number | null;
}

export async function readouts(page: Page): Promise<Readouts> {
  const sparsityText = (await page.getByTestId('sparsity-total').textContent()) ?? '';
  const nonzeroText = (await page.getByTestId('nonzero-params').textContent()) ?? '';
  const [nz, total] = nonzeroText.split('/').map((x) => number(x.trim()));
  const bars = await page.getByTestId('layer-sparsity-chart').locator('rect[data-layer]').evaluateAll((rects) =>
    rects.map((r) => ({
      layer: r.getAttribute('data-layer') ?? '',
      zeros: Number(r.getAttribute('data-zeros')),
      size: Number(r.getAttribute('data-size')),
      selected: !r.classList.contains('excluded'),
    })),
  );
  const compareText = (await page.getByTestId('compare-sparsity').textContent({ timeout: 1000 }).catch(() => null)) ?? null;
  return { sparsity: Number(sparsityText.replace('%', '')), nonZero: nz, total, bars, compare: compareText === null ? null : Number(compareText.replace('%', '')) };
}

/** Every readout of the achieved sparsity agrees with every other (to the displayed precision). */
export function expectConsistent(r: Readouts, context: string): void {
  const fromCounts = 100 * (1 - r.nonZero / r.total);
  expect(Math.abs(fromCounts - r.sparsity), `${context}: non-zeros ${r.nonZero}/${r.total} vs ${r.sparsity}%`).toBeLessThanOrEqual(0.05 + 1e-9);
  const selected = r.bars.filter((b) => b.selected);
  const zeros = selected.reduce((s, b) => s + b.zeros, 0);
  const size = selected.reduce((s, b) => s + b.size, 0);
  expect(size, `${context}: the selected bars cover the counted weights`).toBe(r.total);
  expect(zeros, `${context}: the bars' zeros are the zeros counted`).toBe(r.total - r.nonZero);
  if (r.compare !== null) expect(r.compare, `${context}: compare panel`).toBe(r.sparsity);
}

/** Zeros per kernel in an exported archive (model.json manifest + weights.bin). */
export function exportedZeros(zipPath: string): Map<string, { zeros: number; size: number }> {
  const files = new Map(readZip(new Uint8Array(readFileSync(zipPath))).map((e) => [e.name, e.data]));
  const model = JSON.parse(Buffer.from(files.get('model.json') ?? []).toString()) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
  const bin = files.get('weights.bin') ?? new Uint8Array();
  const floats = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const out = new Map<string, { zeros: number; size: number }>();
  let offset = 0;
  for (const w of model.weightsManifest.flatMap((m) => m.weights)) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    let zeros = 0;
    for (let i = offset; i < offset + n; i++) if (floats[i] === 0) zeros++;
    out.set(w.name, { zeros, size: n });
    offset += n;
  }
  return out;
}

/** Live tensors in the lab's worker (tfjs's engine there), null when the page has no lab worker. */
export async function workerTensors(page: Page): Promise<number | null> {
  const worker = page.workers().filter((w) => w.url().includes('lab.worker')).at(-1);
  if (!worker) return null;
  return worker.evaluate(() => (globalThis as unknown as { _tfengine?: { state: { numTensors: number } } })._tfengine?.state.numTensors ?? null).catch(() => null);
}

/** Every checkpoint the page says is saved comes back in a fresh tab, and each can be pruned from. */
export async function expectSavedRestorable(page: Page, context: BrowserContext): Promise<void> {
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

/** Exports the model on screen to `path`; says whether it is the compact model (an export after Compact holds it). */
export async function exportTo(page: Page, path: string): Promise<{ compact: boolean }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  await download.saveAs(path);
  await waitForState(page, 'ready', 60_000);
  return { compact: ((await page.getByTestId('export-status').textContent()) ?? '').includes('(the compact model)') };
}

/** Imports a compact model's export: it is refused as the compacted model it is, naming the file. Returns the file's name. */
export async function expectCompactRefused(page: Page, path: string): Promise<string> {
  const name = path.split('/').at(-1) ?? path;
  await page.getByTestId('import-input').setInputFiles(path);
  await expect(page.getByTestId('import-error')).toContainText(`(${name})`, { timeout: 60_000 });
  await expect(page.getByTestId('import-error')).toContainText('compacted');
  await waitForState(page, 'ready', 60_000);
  return name;
}
