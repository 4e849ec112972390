// `npx tsx scripts/bench/app-trace.ts`: one autorun LeNet-5 training run of the built app (dist/,
// as `npm run bench` trains it) under Chromium's tracing, then V8's CPU samples per thread and
// function (threadCpu.ts: CPU time per thread, without tracing) and the run's own throughput reports.
//
// Why this file exists: the bench's training figure comes from the whole app (its worker, the
// page's rendering, progress messages), which browser-profile.ts does not run; this shows what
// every thread of the page spends its time on while the app trains.
//   npx tsx scripts/bench/app-trace.ts [--port 4197] [--train 9600] [--no-trace]   (after `npx vite build`)
import { chromium } from '@playwright/test';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/chromium';
import { cpuSample, foreignShare } from './cpuload';
import { trainAt } from './runs';
import { serveDist } from './server';
import { threadCpu, threadCpuDiff } from './threadCpu';
import { summarizeTrace, traceTable } from './traceSummary';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '4197' },
    train: { type: 'string', default: '9600' },
    'no-trace': { type: 'boolean', default: false },
  },
});

const server = await serveDist(Number(opt.port));
const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS] });
try {
  const context = await browser.newContext();
  await context.addInitScript('globalThis.__name = (f) => f;'); // tsx's keepNames wraps functions passed to page.evaluate
  const page = await context.newPage();
  const url = `${server.url}?train=${opt.train}&test=500&epochs=1&seed=1&autorun=1&backend=wasm`;
  if (!opt['no-trace']) await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8'] });
  // Per-thread CPU from the training run's third report on (page load and warm-up left out).
  let threads0: Map<string, number> | null = null;
  let since = 0;
  const watch = (async () => {
    await page.waitForFunction(() => ((window as { __prunelab?: { trainReports: unknown[] } }).__prunelab?.trainReports.length ?? 0) >= 3, undefined, { timeout: 120_000, polling: 50 });
    threads0 = threadCpu(process.pid);
    since = Date.now();
  })().catch(() => undefined);
  const a = cpuSample();
  const { reports, run } = await trainAt(page, url, 'wasm', () => 120_000);
  const threads1 = threadCpu(process.pid);
  const b = cpuSample();
  await watch;
  const trace = opt['no-trace'] ? null : await browser.stopTracing();
  const rates = reports.map((r) => Math.round(r.imagesPerSec));
  console.log(`run: ${run ? `${run.seconds.toFixed(2)} s, ${Math.round(run.imagesPerSec)} images/s` : 'n/a'}; reports (images/s): ${rates.join(' ')}`);
  console.log(`Chromium CPU time ${a && b ? ((b.ours - a.ours) / 100).toFixed(1) : 'n/a'} s; other processes: ${Math.round(100 * (foreignShare(a, b) ?? 0))} % of the machine`);
  if (threads0) console.log(`CPU time per thread over the last ${((Date.now() - since) / 1000).toFixed(1)} s of training:\n${threadCpuDiff(threads0, threads1)}`);
  if (trace) console.log(traceTable(summarizeTrace(trace.toString('utf8'), 30)));
} finally {
  await browser.close();
  await server.stop();
}
