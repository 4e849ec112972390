// `npm run bench`'s slider check for the sparse kernels: the shipped trained LeNet-5 on wasm,
// the same fast and slow slider sweeps as the backend bench, with the sparse kernels on and off
// in the lab worker (its __prunelabSparseKernels hook, called through Playwright's worker handle),
// in the order on, off, off, on so drift of the machine's load falls on both alike. Per state:
// the app's slider latencies (median / p95 over both sweeps of that state) and the quick
// estimates' own times, the part of the slider's path the sparse forms could have lengthened.
//
// Why this file exists: "the slider is as fast as on the dense path" must be measured side by
// side in one run, on one page and one worker, not against figures from another day.
import type { Browser, Page, Worker } from '@playwright/test';
import { loadavg } from 'node:os';
import { latencyFigure, type LatencyFigure } from './figures';
import { BenchSkip, countMatching, readPerf, waitForPerf } from './page';
import { PROFILES } from './profiles';
import { slowSweepValues, sweepSlider, sweepValues } from './slider';
import type { Limit } from './stats';

export interface SliderSparseState {
  /** The app's sliderLatencies over the fast and the slow sweeps in this state. */
  readonly app: LatencyFigure;
  /** Seconds of each quick estimate (500 test images) that ran during those sweeps, as ms. */
  readonly estimateMs: LatencyFigure;
}

export interface SliderSparseResult {
  readonly on: SliderSparseState;
  readonly off: SliderSparseState;
  /** Load average (1 min) before and after. */
  readonly load: readonly [number, number];
}

type HookScope = typeof globalThis & { __prunelabSparseKernels?: (on: boolean) => void };

async function labWorker(page: Page, timeoutMs: number): Promise<Worker> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const w of page.workers()) {
      const found = await w.evaluate(() => typeof (globalThis as HookScope).__prunelabSparseKernels === 'function').catch(() => false);
      if (found) return w;
    }
    await page.waitForTimeout(200);
  }
  throw new BenchSkip('no lab worker with the sparse-kernel switch (a build without VITE_PRUNELAB_BENCH=1: run the bench without --no-build)');
}

/** One sweep (slider.ts), then the full test-set settle after it; the app's latencies of its moves. */
async function sweepAndSettle(page: Page, values: readonly number[], intervalMs: number, limit: Limit): Promise<number[]> {
  const p = PROFILES.wasm;
  const evalsBefore = countMatching(await readPerf(page), { list: 'evals', fullOnly: true });
  const sweep = await sweepSlider(page, values, intervalMs, limit(p.drainS * 1000));
  await waitForPerf(page, { list: 'evals', fullOnly: true, after: evalsBefore }, limit(p.evalTimeoutS * 1000));
  return sweep.app;
}

async function setSparse(worker: Worker, on: boolean): Promise<void> {
  await worker.evaluate((v: boolean) => (globalThis as HookScope).__prunelabSparseKernels?.(v), on);
}

export async function benchSliderSparse(browser: Browser, url: string, limit: Limit, log: (s: string) => void): Promise<SliderSparseResult> {
  const p = PROFILES.wasm;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await context.addInitScript('globalThis.__name = (f) => f;');
  const page = await context.newPage();
  const load0 = loadavg()[0];
  try {
    await page.goto(`${url}?start=trained&backend=wasm`);
    await page.getByTestId('dense-accuracy').filter({ hasText: '%' }).waitFor({ timeout: limit(p.evalTimeoutS * 1000) });
    await waitForPerf(page, { list: 'evals', fullOnly: true, after: 0 }, limit(p.evalTimeoutS * 1000));
    const worker = await labWorker(page, limit(10_000));
    const latencies = { on: [] as number[], off: [] as number[] };
    const estimates = { on: [] as number[], off: [] as number[] };
    for (const on of [true, false, false, true]) {
      await setSparse(worker, on);
      const before = (await readPerf(page)).evals.length;
      const fast = await sweepAndSettle(page, sweepValues(p.sweepStep), p.moveIntervalMs, limit);
      const slow = await sweepAndSettle(page, slowSweepValues(), p.slowIntervalMs, limit);
      const evals = (await readPerf(page)).evals.slice(before).filter((e) => e.estimate);
      const key = on ? 'on' : 'off';
      latencies[key].push(...fast, ...slow);
      estimates[key].push(...evals.map((e) => e.seconds * 1000));
      log(`  slider, sparse kernels ${key}: fast p95 ${latencyFigure(fast).p95 ?? '—'} ms, slow p95 ${latencyFigure(slow).p95 ?? '—'} ms, ${evals.length} estimates`);
    }
    await setSparse(worker, true);
    const state = (k: 'on' | 'off'): SliderSparseState => ({ app: latencyFigure(latencies[k]), estimateMs: latencyFigure(estimates[k]) });
    return { on: state('on'), off: state('off'), load: [load0, loadavg()[0]] };
  } finally {
    await context.close();
  }
}

export function sliderSparseTable(r: SliderSparseResult): string {
  const line = (name: string, s: SliderSparseState) =>
    `  ${name.padEnd(18)} slider median ${s.app.median ?? '—'} ms, p95 ${s.app.p95 ?? '—'} ms (n=${s.app.n}); quick estimate median ${s.estimateMs.median ?? '—'} ms, p95 ${s.estimateMs.p95 ?? '—'} ms (n=${s.estimateMs.n})`;
  const ratio = r.on.app.p95 !== null && r.off.app.p95 ? ` — p95 sparse / dense ${(r.on.app.p95 / r.off.app.p95).toFixed(2)}×` : '';
  return [
    `Slider with the sparse kernels on and off (wasm, trained LeNet-5, fast + slow sweep each, order on/off/off/on; load ${r.load[0].toFixed(1)} → ${r.load[1].toFixed(1)})${ratio}:`,
    line('sparse kernels on', r.on),
    line('dense only', r.off),
  ].join('\n');
}
