// `npm run bench`: builds the app (unless --no-build), serves dist/ on a private port,
// drives it in headless Debian Chromium for each backend (training throughput, test-set
// inference, slider latency, fine-tune time, peak tensors), prints one table and writes
// the same figures to bench-results/bench-<timestamp>.json and bench-results/latest.json.
//
//   npm run bench -- [--backend wasm,webgl,webgpu,cpu] [--runs 3] [--port 4180] [--no-build]
//                    [--max-seconds 570]   (every wait is capped so the whole run ends in time)
//                    [--quiet-wait 90]     (seconds, in all, to wait for other processes to calm down
//                                           before a backend; 0 disables)
//                    [--peer torch]        (also time the tutorial's PyTorch LeNet-5 on 1 and 2 threads, same
//                                           data, and print our figures as ratios to it; see peer.ts)
//                    [--peer ort]          (also run the exported pruned model.onnx in onnxruntime-web, wasm, 2 threads,
//                                           under Node, at 0 %, 90 % and 95 % global, and print the sparse section's
//                                           figures as ratios to it; see ortPeer.ts)

import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { benchBackend, deadlineLimit, type BackendResult } from './backend';
import { CHROMIUM_ARGS } from '../../e2e/chromium';
import { BACKENDS, PROFILES, type BackendName } from './profiles';
import { chromiumProcesses, details, loadNow, machineInfo, machineLines, table, writeResults } from './report';
import { waitForQuiet } from './cpuload';
import { buildApp, serveDist } from './server';
import { peerTable, runTorchPeer, type PeerResult } from './peer';
import { benchSparse, sparseTable, type SparseBenchLine } from './sparseBench';
import { ortTable, runOrtPeer, type OrtPeerResult } from './ortPeerRun';
import { benchSliderSparse, sliderSparseTable, type SliderSparseResult } from './sliderSparse';
import { BenchSkip } from './page';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CHROME_ARGS = [...CHROMIUM_ARGS];

const LEGEND = [
  '',
  'train: median over runs of each run\'s median images/s after warm-up (batch 64). inference: full test set, median over settled slider positions.',
  'slider: the app\'s window.__prunelab.sliderLatencies during the sweep (n = moves it recorded); every move (bench): input event to the',
  'frame after the sparsity readout showed that move or a newer one, for every move. fine-tune: one epoch of the run\'s training set at 90 %.',
  'other CPU: share of the machine that other processes used meanwhile (this bench excluded); above ~15 % the figures drop.',
].join('\n');

interface Options {
  readonly backends: BackendName[];
  readonly runs: number;
  readonly port: number;
  readonly build: boolean;
  readonly maxSeconds: number;
  readonly quietWait: number;
  readonly peer: 'torch' | 'ort' | null;
}

function usage(message: string): never {
  console.error(`bench: ${message}\nusage: npm run bench -- [--backend wasm,webgl,webgpu,cpu] [--runs N] [--port P] [--no-build] [--max-seconds S] [--quiet-wait S] [--peer torch|ort]`);
  process.exit(2);
}

function options(): Options {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        backend: { type: 'string', default: 'wasm,webgl,webgpu,cpu' },
        runs: { type: 'string', default: '3' },
        port: { type: 'string', default: '4180' },
        'no-build': { type: 'boolean', default: false },
        'max-seconds': { type: 'string', default: '570' },
        'quiet-wait': { type: 'string', default: '90' },
        peer: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (e) {
    usage(e instanceof Error ? e.message : String(e));
  }
  const v = parsed.values;
  const backends = v.backend.split(',').map((b) => b.trim()).filter(Boolean);
  const unknown = backends.filter((b) => !(BACKENDS as readonly string[]).includes(b));
  if (unknown.length || backends.length === 0) usage(`unknown backend(s) ${unknown.join(', ')} (use ${BACKENDS.join(', ')})`);
  const runs = Number(v.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 20) usage('--runs takes an integer 1–20');
  const port = Number(v.port);
  if (!Number.isInteger(port) || port < 1024 || port > 65535) usage('--port takes an integer 1024–65535');
  if (port === 4173) usage('port 4173 belongs to the e2e tests: pick another (default 4180)');
  const maxSeconds = Number(v['max-seconds']);
  if (!Number.isFinite(maxSeconds) || maxSeconds < 30) usage('--max-seconds takes a number of seconds ≥ 30');
  const quietWait = Number(v['quiet-wait']);
  if (!Number.isFinite(quietWait) || quietWait < 0) usage('--quiet-wait takes a number of seconds ≥ 0');
  if (v.peer !== undefined && v.peer !== 'torch' && v.peer !== 'ort') usage(`unknown peer '${v.peer}' (torch or ort)`);
  const peer = v.peer === 'torch' || v.peer === 'ort' ? v.peer : null;
  return { backends: [...new Set(backends)] as BackendName[], runs, port, build: !v['no-build'], maxSeconds, quietWait, peer };
}

function chromePath(): string {
  const found = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!found) {
    console.error('bench: no Chromium found (set CHROME_PATH or install Debian chromium); never `npx playwright install`.');
    process.exit(2);
  }
  return found;
}

async function main(): Promise<void> {
  const opts = options();
  const started = new Date();
  const t0 = Date.now();
  const log = (s: string) => console.error(`[bench ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${s}`);
  const executablePath = chromePath();
  const others = chromiumProcesses();
  const loadAtStart = loadNow();
  if (others) log(`warning: ${others} Chromium process(es) already running; they compete for the CPU`);
  let buildSeconds: number | null = null;
  if (opts.build) {
    log('building (prepare-data --if-missing, vite build)…');
    buildSeconds = buildApp();
  } else if (!existsSync(resolve(ROOT, 'dist', 'index.html'))) {
    usage('--no-build, but dist/index.html is missing: run without --no-build');
  }
  const server = await serveDist(opts.port);
  const stopAll: (() => Promise<void>)[] = [server.stop];
  const onSignal = () => void Promise.all(stopAll.map((s) => s())).finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const results: BackendResult[] = [];
  const waited: { backend: string; seconds: number; otherCpuShare: number | null }[] = [];
  let version = 'unknown';
  let sparse: SparseBenchLine[] | null = null;
  let sliderSparse: SliderSparseResult | null = null;
  try {
    const browser = await chromium.launch({ executablePath, args: CHROME_ARGS });
    stopAll.unshift(() => browser.close());
    version = `Chromium ${browser.version()}`;
    try {
      let quietLeftMs = opts.quietWait * 1000;
      for (const backend of opts.backends) {
        if (quietLeftMs >= 2000) {
          const q = await waitForQuiet(quietLeftMs);
          quietLeftMs -= q.waitedS * 1000;
          if (q.waitedS > 2.5 || (q.share ?? 0) >= 0.1) log(`waited ${q.waitedS} s for other processes (now ${Math.round((q.share ?? 0) * 100)} % of the CPU)`);
          waited.push({ backend, seconds: q.waitedS, otherCpuShare: q.share });
        }
        log(`${backend}: train=${PROFILES[backend].train}, test=${PROFILES[backend].test}, ${opts.runs} run(s)`);
        const limit = deadlineLimit(t0 + opts.maxSeconds * 1000);
        results.push(await benchBackend(browser, server.url, PROFILES[backend], opts.runs, limit, log));
        for (const n of results.at(-1)?.notes ?? []) log(`  note: ${n}`);
      }
      if (opts.backends.includes('wasm')) {
        log('wasm: sparse kernels on the trained LeNet-5 (speed readout at four settings)…');
        try {
          sparse = await benchSparse(browser, server.url, Math.max(30_000, Math.min(180_000, t0 + opts.maxSeconds * 1000 - Date.now())), log);
        } catch (e) {
          // A figure that could not be taken: the rest of the bench stands.
          log(`  sparse: skipped (${e instanceof BenchSkip ? e.message : String(e).split('\n')[0]})`);
        }
        log('wasm: the slider with the sparse kernels on and off…');
        try {
          sliderSparse = await benchSliderSparse(browser, server.url, deadlineLimit(t0 + opts.maxSeconds * 1000), log);
        } catch (e) {
          log(`  slider sparse/dense: skipped (${e instanceof BenchSkip ? e.message : String(e).split('\n')[0]})`);
        }
      }
    } finally {
      await browser.close();
    }
  } finally {
    await server.stop();
  }
  let peer: PeerResult | null = null;
  if (opts.peer === 'torch') {
    log('peer: the tutorial\'s PyTorch LeNet-5, 1 and 2 threads…');
    peer = runTorchPeer(ROOT, PROFILES[opts.backends[0]].train, [1, 2], 600);
    log(`peer: ${peer.note}`);
  }
  let ortPeer: OrtPeerResult | null = null;
  if (opts.peer === 'ort') {
    log('peer: the exported pruned model.onnx in onnxruntime-web (wasm, 2 threads, Node)…');
    ortPeer = runOrtPeer(ROOT, 2, 600);
    log(`peer: ${ortPeer.note}`);
  }
  const machine = machineInfo(version, started, others, loadAtStart);
  const totalSeconds = Math.round((Date.now() - t0) / 100) / 10;
  const path = writeResults(
    {
      version: 1,
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      options: { backends: opts.backends, runs: opts.runs, port: opts.port, build: opts.build, maxSeconds: opts.maxSeconds, quietWait: opts.quietWait },
      machine,
      totalSeconds,
      buildSeconds,
      quietWaits: waited,
      results,
      peer,
      sparse,
      sliderSparse,
      ortPeer,
    },
    ROOT,
  );
  console.log(table(results));
  console.log(LEGEND);
  console.log('');
  console.log(details(results));
  console.log('');
  if (sparse) console.log(`${sparseTable(sparse)}\n`);
  if (sliderSparse) console.log(`${sliderSparseTable(sliderSparse)}\n`);
  if (peer?.figures) console.log(`${peerTable(peer.figures, results)}\n`);
  else if (peer) console.log(`Peer: ${peer.note}\n`);
  if (ortPeer) console.log(`${ortTable(ortPeer, sparse)}\n`);
  console.log(machineLines(machine));
  console.log(`Total ${totalSeconds} s${buildSeconds !== null ? ` (build ${buildSeconds} s)` : ''}; figures in ${path} and bench-results/latest.json`);
  if (results.every((r) => r.status === 'skipped')) process.exitCode = 1; // nothing measured at all
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
