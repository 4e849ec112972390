// `npx tsx scripts/bench/soak.ts [--port 4199] [--moves 500] [--finetunes 5] [--sweeps 3] [--query …]`
// (after `npm run build`): one page used for a long while, as a class uses it in a lesson —
// slider moves (each released and settled on the test set), fine-tunes and sweeps spread among
// them — with the worker's tensors and memory printed at the start, every 100 moves and at the
// end, beside the bytes the new checkpoints hold. It passes when the tensors stay flat and the
// worker's memory grows at most 15 % beyond what the new checkpoints hold; it exits 1 otherwise.
//
// Why a script and not a test: it runs for many minutes; CI cannot afford it. Memory comes
// from performance.measureUserAgentSpecificMemory() (the app is cross-origin isolated; the
// eager-measurement flag makes it answer at once), tensors from tfjs's engine in the worker.
import { chromium, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/chromium';
import { readZip } from '../../src/core/io/zip';
import { serveDist } from './server';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '4199' },
    moves: { type: 'string', default: '500' },
    finetunes: { type: 'string', default: '5' },
    sweeps: { type: 'string', default: '3' },
    query: { type: 'string', default: 'train=512&test=256&epochs=1&seed=1&autorun=1&backend=wasm' },
  },
});
const MOVES = Number(opt.moves);
const FINETUNES = Number(opt.finetunes);
const SWEEPS = Number(opt.sweeps);
const RATES = [0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.2];
const MiB = 2 ** 20;

interface Sample {
  readonly moves: number;
  readonly tensors: number;
  readonly tensorBytes: number;
  readonly worker: number;
  readonly total: number;
  readonly checkpoints: number;
}

/** tfjs's engine in the lab's worker: live tensors and their bytes. */
async function workerTensors(page: Page): Promise<{ tensors: number; bytes: number }> {
  const worker = page.workers().filter((w) => w.url().includes('lab.worker')).at(-1);
  if (!worker) throw new Error('no lab worker on the page');
  return worker.evaluate(() => {
    type Engine = { readonly state: { readonly numTensors: number; readonly numBytes: number } };
    const engine = (globalThis as unknown as { _tfengine?: Engine })._tfengine;
    return { tensors: engine?.state.numTensors ?? -1, bytes: engine?.state.numBytes ?? -1 };
  });
}

async function memory(page: Page): Promise<{ worker: number; total: number }> {
  return page.evaluate(async () => {
    const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }> };
    if (!p.measureUserAgentSpecificMemory) throw new Error('measureUserAgentSpecificMemory is not available (is the page cross-origin isolated?)');
    const m = await p.measureUserAgentSpecificMemory();
    const worker = m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((s, b) => s + b.bytes, 0);
    return { worker, total: m.bytes };
  });
}

const checkpoints = async (page: Page) => Math.max(1, await page.getByTestId('anchor-select').locator('option').count());

async function sample(page: Page, moves: number): Promise<Sample> {
  const t = await workerTensors(page);
  const m = await memory(page);
  const s = { moves, tensors: t.tensors, tensorBytes: t.bytes, worker: m.worker, total: m.total, checkpoints: await checkpoints(page) };
  console.log(
    `after ${String(moves).padStart(3)} moves: tensors ${s.tensors} (${(s.tensorBytes / MiB).toFixed(1)} MiB), worker ${(s.worker / MiB).toFixed(1)} MiB, page + worker ${(s.total / MiB).toFixed(1)} MiB, ${s.checkpoints} checkpoints`,
  );
  return s;
}

// Function predicates only: the app's CSP forbids evaluating strings.
async function ready(page: Page, timeout = 600_000): Promise<void> {
  await page.waitForFunction(() => document.querySelector('[data-testid=app]')?.getAttribute('data-state') === 'ready', undefined, { timeout, polling: 100 });
}

async function settledAt(page: Page, rate: number): Promise<void> {
  await page.waitForFunction(
    (shown) =>
      document.querySelector('[data-testid=app]')?.getAttribute('data-state') === 'ready' &&
      document.querySelector('[data-testid=sparsity-total]')?.textContent === shown &&
      document.querySelector('[data-testid=test-accuracy]')?.getAttribute('data-stale') === 'false',
    `${(rate * 100).toFixed(1)}%`,
    { timeout: 120_000, polling: 'raf' },
  ).catch(async (e: unknown) => {
    const shown = await page.evaluate(() => ['app', 'sparsity-total', 'test-accuracy'].map((id) => `${id}: ${document.querySelector(`[data-testid=${id}]`)?.textContent} ${document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-state') ?? ''}${document.querySelector(`[data-testid=${id}]`)?.getAttribute('data-stale') ?? ''}`).join('; '));
    throw new Error(`not settled at ${rate}: ${shown}`, { cause: e });
  });
}

/** Bytes one checkpoint holds in the worker: every weight of the model as float32, read from an export's weights.bin. */
async function checkpointBytes(page: Page): Promise<number> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
  const files = readZip(new Uint8Array(readFileSync(await download.path())));
  const bin = files.find((f) => f.name === 'weights.bin');
  if (!bin) throw new Error('the export holds no weights.bin');
  await ready(page);
  return bin.data.byteLength;
}

const server = await serveDist(Number(opt.port));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory'] });
let failed = false;
try {
  const page = await browser.newPage({ acceptDownloads: true });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const t0 = Date.now();
  await page.goto(`${server.url}?${opt.query}`);
  await page.waitForFunction(() => /%$/.test(document.querySelector('[data-testid=dense-accuracy]')?.textContent ?? ''), undefined, { timeout: 600_000, polling: 200 });
  await ready(page);
  const perCheckpoint = await checkpointBytes(page);
  console.log(`soak: ${MOVES} moves, ${FINETUNES} fine-tunes, ${SWEEPS} sweeps; ?${opt.query}; backend ${await page.getByTestId('backend-name').textContent()}; one checkpoint holds ${(perCheckpoint / MiB).toFixed(2)} MiB`);
  const start = await sample(page, 0);
  const samples = [start];
  // Fine-tunes and sweeps spread evenly among the moves.
  const at = (n: number) => new Set(Array.from({ length: n }, (_, i) => Math.round(((i + 1) * MOVES) / (n + 1))));
  const tuneAt = at(FINETUNES);
  const sweepAt = at(SWEEPS);
  const latencies: number[] = [];
  for (let i = 1; i <= MOVES; i++) {
    const rate = RATES[i % RATES.length];
    const t = Date.now();
    await page.getByTestId('prune-slider').fill(String(rate));
    await settledAt(page, rate);
    latencies.push(Date.now() - t);
    if (tuneAt.has(i)) {
      const before = await checkpoints(page);
      await page.getByTestId('finetune-button').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=anchor-select] option').length > n, before, { timeout: 600_000, polling: 500 });
      await ready(page);
      // Prune from the dense model again, so that each move's rate is the sparsity shown (a
      // sparser checkpoint keeps its zeros below its own sparsity); the new checkpoint stays held.
      await page.getByTestId('anchor-select').selectOption('0');
      await ready(page);
    }
    if (sweepAt.has(i)) {
      await page.getByTestId('sweep-run').click();
      await page.waitForFunction(() => document.querySelector('[data-testid=science-progress]') !== null, undefined, { timeout: 60_000, polling: 100 }).catch(() => undefined);
      await ready(page);
    }
    if (i % 100 === 0 || i === MOVES) samples.push(await sample(page, i));
  }
  const end = samples.at(-1) ?? start;
  const sorted = [...latencies].sort((a, b) => a - b);
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))];
  const newBytes = (end.checkpoints - start.checkpoints) * perCheckpoint;
  const allowed = start.worker * 1.15 + newBytes;
  const flat = samples.every((s) => s.tensors === start.tensors);
  const withinMemory = end.worker <= allowed;
  console.log(`slider release → settled: median ${sorted[Math.floor(sorted.length / 2)]} ms, p95 ${p95(latencies)} ms (first 100: p95 ${p95(latencies.slice(0, 100))} ms; last 100: p95 ${p95(latencies.slice(-100))} ms)`);
  console.log(`tensors: ${samples.map((s) => s.tensors).join(' → ')} (${flat ? 'flat' : 'NOT flat'})`);
  console.log(
    `worker memory: ${(start.worker / MiB).toFixed(1)} → ${(end.worker / MiB).toFixed(1)} MiB; the ${end.checkpoints - start.checkpoints} new checkpoints hold ${(newBytes / MiB).toFixed(1)} MiB; bound start × 1.15 + checkpoints = ${(allowed / MiB).toFixed(1)} MiB (${withinMemory ? 'within' : 'OVER'})`,
  );
  console.log(`page errors: ${errors.length ? errors.join(' | ') : 'none'}; ${((Date.now() - t0) / 1000).toFixed(0)} s in all`);
  failed = !flat || !withinMemory || errors.length > 0;
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
