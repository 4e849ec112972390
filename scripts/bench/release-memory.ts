// `npx tsx scripts/bench/release-memory.ts [--model imdb] [--port 4198]` (after `npx vite build`):
// the trained start of a model on its full test set in headless Chromium, then slider moves
// as a user makes them (each set and released at once), timed from the release to the
// readouts settled on the full test set at that rate; and the page's memory meanwhile:
// performance.measureUserAgentSpecificMemory() (page + worker, sampled every second) and the
// renderer process's peak resident size (VmHWM in /proc).
//
// Why this file exists: the bench's slider figures are LeNet-5 on a test subset; a class on
// the text model waits for 24,791 reviews after every release, and a phone has little memory.
import { chromium, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/chromium';
import { serveDist } from './server';
import { processTree } from './threadCpu';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '4198' },
    model: { type: 'string', default: 'imdb' },
  },
});

interface MemorySample {
  readonly bytes: number;
  readonly worker: number;
}

/** Peak resident size (kB) of the Chromium renderers below this process. */
function rendererPeakKb(): number {
  let peak = 0;
  for (const pid of processTree(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]));
    } catch {
      // the process ended meanwhile
    }
  }
  return peak;
}

async function measureMemory(page: Page): Promise<MemorySample | null> {
  return page.evaluate(async () => {
    const p = performance as Performance & { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number; breakdown: { bytes: number; attribution: { scope: string }[] }[] }> };
    if (!p.measureUserAgentSpecificMemory) return null;
    const m = await p.measureUserAgentSpecificMemory();
    const worker = m.breakdown.filter((b) => b.attribution.some((a) => a.scope === 'DedicatedWorkerGlobalScope')).reduce((s, b) => s + b.bytes, 0);
    return { bytes: m.bytes, worker };
  });
}

const settledAt = (rate: number) =>
  [
    `document.querySelector('[data-testid=app]')?.getAttribute('data-state') === 'ready'`,
    `document.querySelector('[data-testid=sparsity-total]')?.textContent === '${(rate * 100).toFixed(1)}%'`,
    `document.querySelector('[data-testid=test-accuracy]')?.getAttribute('data-stale') === 'false'`,
    `/%$/.test(document.querySelector('[data-testid=test-accuracy]')?.textContent ?? '')`,
    `document.body.innerText.includes('on the full test set')`,
  ].join(' && ');

const server = await serveDist(Number(opt.port));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--enable-blink-features=ForceEagerMeasureMemory'] });
const samples: MemorySample[] = [];
let sampling = true;
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}?model=${opt.model}&start=trained&backend=wasm`);
  const sampler = (async () => {
    while (sampling) {
      const s = await measureMemory(page).catch(() => null);
      if (s) samples.push(s);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  await page.waitForFunction(`/%$/.test(document.querySelector('[data-testid=dense-accuracy]')?.textContent ?? '') && document.querySelector('[data-testid=app]')?.getAttribute('data-state') === 'ready'`, undefined, { timeout: 180_000, polling: 100 });
  const dataset = await page.getByTestId('dataset-status').textContent();
  const times: { rate: number; ms: number }[] = [];
  for (const rate of [0.3, 0.5, 0.7, 0.9, 0.5, 0.95, 0.2]) {
    const t0 = Date.now();
    await page.getByTestId('prune-slider').fill(String(rate)); // sets the value and releases it
    await page.waitForFunction(settledAt(rate), undefined, { timeout: 120_000, polling: 'raf' });
    times.push({ rate, ms: Date.now() - t0 });
  }
  sampling = false;
  await sampler;
  const sorted = times.map((t) => t.ms).sort((a, b) => a - b);
  const peak = samples.reduce((m, s) => (s.bytes > m.bytes ? s : m), { bytes: 0, worker: 0 });
  console.log(`${dataset}; backend ${await page.getByTestId('backend-name').textContent()}`);
  console.log(`release → settled on the full test set (ms): ${times.map((t) => `${(t.rate * 100).toFixed(0)} %: ${t.ms}`).join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}`);
  console.log(`measureUserAgentSpecificMemory: peak ${(peak.bytes / 2 ** 20).toFixed(1)} MiB (worker ${(peak.worker / 2 ** 20).toFixed(1)} MiB) over ${samples.length} samples`);
  console.log(`renderer peak resident size (VmHWM): ${(rendererPeakKb() / 1024).toFixed(1)} MiB`);
} finally {
  sampling = false;
  await browser.close();
  await server.stop();
}
