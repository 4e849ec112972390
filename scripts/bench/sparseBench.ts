// `npm run bench`'s sparse section: the shipped trained LeNet-5 in the app (wasm, the app's
// threads) unpruned (a control: both paths run the same kernels, so its ratio is the noise) and pruned at 30 % per layer, 90 % global, 90 % per layer and 95 % global; at each, the
// speed readout's measurement (test images on the sparse kernels against the dense path,
// alternating in one run) read from window.__prunelab, with the machine's load beside it.
//
// Why this file exists: the whole-model ratios must come from the app as users run it, side by
// side in one run; the per-layer split (measured against the multiply-add ideal) comes with them.
import type { Browser } from '@playwright/test';
import { loadavg } from 'node:os';
import { speedText, type SparseSpeed } from '../../src/core/backend/speedText';
import { BenchSkip } from './page';

export interface SparseBenchLine {
  readonly setting: string;
  readonly load: number;
  readonly speed: SparseSpeed | null;
  readonly note: string | null;
}

const SETTINGS: readonly { label: string; scope: 'layer' | 'global'; rate: string }[] = [
  { label: '0 % (control)', scope: 'layer', rate: '0' },
  { label: '30 % per layer', scope: 'layer', rate: '0.3' },
  { label: '90 % global', scope: 'global', rate: '0.9' },
  { label: '90 % per layer', scope: 'layer', rate: '0.9' },
  { label: '95 % global', scope: 'global', rate: '0.95' },
];

type SpeedWindow = Window & { __prunelab?: { speedReports?: { speed: SparseSpeed | null; note: string | null }[] } };

export async function benchSparse(browser: Browser, url: string, timeoutMs: number, log: (s: string) => void): Promise<SparseBenchLine[]> {
  const page = await browser.newPage();
  const lines: SparseBenchLine[] = [];
  try {
    await page.goto(`${url}?start=trained&backend=wasm`);
    await page.getByTestId('dense-accuracy').filter({ hasText: '%' }).waitFor({ timeout: timeoutMs });
    for (const s of SETTINGS) {
      await page.getByTestId('scope-select').selectOption(s.scope);
      await page.getByTestId('prune-slider').fill(s.rate);
      await page.waitForTimeout(500);
      await page.locator('[data-testid=app][data-state=ready]').waitFor({ timeout: timeoutMs });
      await page.locator('[data-testid=test-accuracy][data-stale=false]').waitFor({ timeout: timeoutMs });
      await page.getByText('on the full test set').waitFor({ timeout: timeoutMs });
      const before = await page.evaluate(() => (window as SpeedWindow).__prunelab?.speedReports?.length ?? 0);
      await page.getByTestId('speed-button').click();
      try {
        await page.waitForFunction((n: number) => ((window as SpeedWindow).__prunelab?.speedReports?.length ?? 0) > n, before, { timeout: timeoutMs, polling: 200 });
      } catch {
        throw new BenchSkip(`no speed report for ${s.label} within ${Math.round(timeoutMs / 1000)} s`);
      }
      const r = await page.evaluate(() => (window as SpeedWindow).__prunelab?.speedReports?.at(-1) ?? null);
      lines.push({ setting: s.label, load: loadavg()[0], speed: r?.speed ?? null, note: r?.note ?? null });
      log(`sparse ${s.label}: ${r?.speed ? speedText(r.speed).summary : (r?.note ?? 'no report')}`);
    }
  } finally {
    await page.close();
  }
  return lines;
}

export function sparseTable(lines: readonly SparseBenchLine[]): string {
  const out = ['Sparse kernels (wasm, trained LeNet-5, test images; measured = sparse / dense images/s in one run, ideal = multiply-add ratio):'];
  for (const l of lines) {
    if (!l.speed) {
      out.push(`  ${l.setting}: ${l.note ?? 'not measured'}`);
      continue;
    }
    const s = l.speed;
    out.push(`  ${l.setting.padEnd(15)} ${speedText(s).summary.padEnd(26)} ${s.denseImagesPerSec.toFixed(0)} → ${s.sparseImagesPerSec.toFixed(0)} images/s (${s.examples} images, load ${l.load.toFixed(1)})`);
    for (const t of speedText(s).layers) out.push(`      ${t}`);
  }
  return out.join('\n');
}
