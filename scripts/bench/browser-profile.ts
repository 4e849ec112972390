// `npx tsx scripts/bench/browser-profile.ts`: where a LeNet-5 training step (batch 64) spends
// its time on the wasm backend in Chromium, as the app runs it (a Web Worker, tfjs's threaded
// build, PruneLab's kernels with their helper threads), kernel by kernel.
//
// Why this file exists: `npm run profile` runs under Node, whose V8 is older than Chromium's
// and runs one thread; `npm run bench` runs the whole app but shows no per-kernel split. This
// bundles browserProfile.worker.ts with esbuild (no app build), serves it cross-origin isolated
// on a private port, and prints the step time, the per-kernel profile, the CPU time Chromium
// used and the share other processes took meanwhile.
//   npx tsx scripts/bench/browser-profile.ts [--steps 40] [--threads 2] [--port 4195] [--kernels on|off] [--micro] [--tfjs-threads N] [--trace] [--js-flags "..."]
// (--micro also times each product alone, see kernelMicro.ts; --trace sums V8's CPU samples per thread and function)
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CHROMIUM_ARGS, chromiumPath } from '../../e2e/chromium';
import { cpuSample, foreignShare } from './cpuload';
import type { ProfileReport, ProfileRequest } from './browserProfile.worker';
import { microTable } from './kernelMicro';
import { threadCpu, threadCpuDiff } from './threadCpu';
import { summarizeTrace, traceTable } from './traceSummary';

const ROOT = resolve(import.meta.dirname, '..', '..');
const WASM_DIST = resolve(ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');

const { values: opt } = parseArgs({
  options: {
    steps: { type: 'string', default: '40' },
    threads: { type: 'string', default: '2' },
    port: { type: 'string', default: '4195' },
    kernels: { type: 'string', default: 'on' },
    micro: { type: 'boolean', default: false },
    'tfjs-threads': { type: 'string' },
    trace: { type: 'boolean', default: false },
    'js-flags': { type: 'string' },
  },
});

const dir = mkdtempSync(join(tmpdir(), 'prunelab-profile-'));
await build({
  entryPoints: [resolve(import.meta.dirname, 'browserProfile.worker.ts')],
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  outfile: join(dir, 'worker.js'),
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"production"' },
});

const PAGE = `<!doctype html><meta charset="utf-8"><script type="module">
const w = new Worker('/worker.js', { type: 'module' });
window.__result = new Promise((res, rej) => {
  w.onmessage = (e) => (e.data && e.data.mark ? console.log('MARK ' + e.data.mark) : res(e.data));
  w.onerror = (e) => rej(e.message);
});
window.__start = (req) => w.postMessage(req);
</script>`;

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' };
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const file = url.pathname === '/' ? null : url.pathname.startsWith('/wasm/') ? join(WASM_DIST, url.pathname.slice(6)) : join(dir, url.pathname.slice(1));
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  try {
    const body = file == null ? PAGE : readFileSync(file);
    res.setHeader('Content-Type', TYPES[file == null ? '.html' : extname(file)] ?? 'application/octet-stream');
    res.end(body);
  } catch {
    res.statusCode = 404;
    res.end();
  }
});
await new Promise<void>((r) => server.listen(Number(opt.port), '127.0.0.1', r));

const args = [...CHROMIUM_ARGS, ...(opt['js-flags'] ? [`--js-flags=${opt['js-flags']}`] : [])];
const browser = await chromium.launch({ executablePath: chromiumPath(), args });
try {
  const page = await browser.newPage();
  const marks = new Map<string, ReturnType<typeof cpuSample>>();
  const threadMarks = new Map<string, Map<string, number>>();
  page.on('console', (m) => {
    const text = m.text();
    if (text.startsWith('MARK ')) {
      marks.set(text.slice(5), cpuSample());
      threadMarks.set(text.slice(5), threadCpu(process.pid));
    }
    else console.log(`[page] ${text}`);
  });
  await page.goto(`http://127.0.0.1:${opt.port}/`);
  const request: ProfileRequest = {
    wasmBase: `http://127.0.0.1:${opt.port}/wasm/`,
    steps: Number(opt.steps),
    threads: Number(opt.threads),
    ownKernels: opt.kernels !== 'off',
    micro: opt.micro,
    tfjsThreads: opt['tfjs-threads'] ? Number(opt['tfjs-threads']) : null,
  };
  if (opt.trace) await browser.startTracing(page, { categories: ['disabled-by-default-v8.cpu_profiler', 'v8', 'blink.user_timing'] });
  const a = cpuSample();
  await page.evaluate((req) => (window as unknown as { __start(r: unknown): void }).__start(req), request);
  const report = (await page.evaluate(() => (window as unknown as { __result: Promise<unknown> }).__result)) as ProfileReport | { error: string };
  const b = cpuSample();
  const trace = opt.trace ? await browser.stopTracing() : null;
  if ('error' in report) throw new Error(`browser-profile: the worker failed: ${report.error}`);
  const [s0, s1] = [marks.get('steps'), marks.get('stepsEnd')];
  const stepCpuMs = s0 && s1 ? (10 * (s1.ours - s0.ours)) / request.steps : null;
  print(report, a && b ? (b.ours - a.ours) / 100 : null, foreignShare(a, b), stepCpuMs, foreignShare(s0 ?? null, s1 ?? null));
  const [t0, t1] = [threadMarks.get('steps'), threadMarks.get('stepsEnd')];
  if (t0 && t1) console.log(`CPU time per thread over the timed steps:\n${threadCpuDiff(t0, t1, 20)}`);
  if (trace) {
    const json = trace.toString('utf8');
    console.log(`CPU samples per thread, timed steps:\n${traceTable(summarizeTrace(json, 25, 'steps', 'stepsEnd'))}`);
    console.log(`CPU samples per thread, the app's training loop:\n${traceTable(summarizeTrace(json, 25, 'loop', 'loopEnd'))}`);
  }
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}

function print(r: ProfileReport, cpuS: number | null, other: number | null, stepCpuMs: number | null, stepOther: number | null): void {
  console.log(r.path);
  console.log(`training, batch 64: ${r.stepMs.toFixed(2)} ms per step = ${Math.round(64_000 / r.stepMs)} images/s (median of ${r.chunks} chunks of 10 steps)`);
  const pct = (v: number | null) => (v == null ? 'n/a' : `${Math.round(100 * v)} %`);
  console.log(`  Chromium CPU time ${stepCpuMs == null ? 'n/a' : stepCpuMs.toFixed(1)} ms per step (all threads); other processes meanwhile: ${pct(stepOther)} of the machine`);
  const driverMs = r.drivers.reduce((t, d) => t + d.ms, 0);
  console.log(`  in PruneLab's kernel drivers: ${driverMs.toFixed(2)} ms per step, the rest (tfjs, JavaScript, other kernels) ${(r.stepMs - driverMs).toFixed(2)} ms:`);
  const slots = (d: ProfileReport['drivers'][number]) => d.slots.map((x) => `${x.min.toFixed(2)}/${x.median.toFixed(2)}`).join(' ');
  console.log(r.drivers.map((d) => `    ${d.name.padEnd(12)} ${d.ms.toFixed(3).padStart(7)} ms ${d.calls.toFixed(1).padStart(5)} calls  (each call: fastest/median ms ${slots(d)})`).join('\n'));
  console.log(`the app's training loop (trainModel): ${r.loopStepMs.toFixed(2)} ms per step = ${Math.round(64_000 / r.loopStepMs)} images/s`);
  console.log(`helper threads took ${r.helperShare == null ? 'n/a' : `${(100 * r.helperShare).toFixed(0)} %`} of the kernels' tasks`);
  console.log(`Chromium CPU time over the whole run: ${cpuS == null ? 'n/a' : `${cpuS.toFixed(1)} s`}; other processes: ${other == null ? 'n/a' : `${(100 * other).toFixed(0)} %`} of the machine`);
  console.log(`profiled step (mean of ${r.profiledSteps}): ${r.kernelMs.toFixed(2)} ms in ${r.calls} kernel calls; wall ${r.profiledStepMs.toFixed(2)} ms`);
  console.log('kernel                         shapes                                   calls     ms  share');
  for (const m of r.micro) console.log(`each product alone, ${m.threads} thread${m.threads > 1 ? 's' : ''}${m.cold ? ', caches evicted before each call' : ''}${m.offset ? `, operands ${m.offset} bytes off a cache line` : ''}:\n${microTable(m.lines)}`);
  for (const k of r.kernels) {
    if (k.ms < 0.01) continue;
    console.log(`${k.name.padEnd(30)} ${k.shapes.slice(0, 40).padEnd(40)} ${k.calls.toFixed(0).padStart(5)} ${k.ms.toFixed(3).padStart(7)} ${((100 * k.ms) / r.kernelMs).toFixed(1).padStart(5)}%`);
  }
}
