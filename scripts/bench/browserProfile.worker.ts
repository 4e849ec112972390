// The Web Worker side of scripts/bench/browser-profile.ts: sets the wasm backend up as the
// app's worker does (tfjs's threaded build, PruneLab's kernels and their helper threads),
// times LeNet-5 training steps (batch 64) and profiles a few of them kernel by kernel.
//
// Why this file exists: the per-kernel split must be measured where the app runs (Chromium's
// V8, two threads), and only a worker may block on Atomics as the kernels' thread pool does.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { lenetTrainingStep } from '../../src/core/backend/speedProbe';
import { buildLenet5 } from '../../src/core/nets/lenet5';
import { imageBatchSource } from '../../src/core/train/batchSource';
import { momentumSGD } from '../../src/core/train/optimizers';
import { trainModel } from '../../src/core/train/trainLoop';
import { kernelPathText, registerWasmGradKernels, setOwnKernelsEnabled } from '../../src/core/backend/wasmGradKernels';
import { kernelRuntime, kernelTaskCounts } from '../../src/core/backend/wasm/kernels/instance';
import type { DriverTime } from '../../src/core/backend/wasm/kernels/runtime';
import { kernelMicroBench, type MicroLine } from './kernelMicro';
import { useAllCoresForWasm } from '../../src/core/backend/wasmThreads';

export interface ProfileRequest {
  readonly wasmBase: string;
  readonly steps: number;
  readonly threads: number;
  readonly ownKernels: boolean;
  /** Threads for tfjs's own (XNNPACK) pool: as the app sets them (all cores), or this many. */
  readonly tfjsThreads: number | null;
  /** Also time each product alone (kernelMicro.ts), on all threads and on one. */
  readonly micro: boolean;
}

export interface KernelLine {
  readonly name: string;
  readonly shapes: string;
  readonly calls: number;
  readonly ms: number;
}

export interface ProfileReport {
  readonly path: string;
  readonly stepMs: number;
  readonly chunks: number;
  /** The app's training loop (trainModel: batches, accuracy, read-backs) on random images: ms per step. */
  readonly loopStepMs: number;
  /** Wall time per kernel driver in the timed steps (no tf.profile), per step; per call of a step, the fastest and the median. */
  readonly drivers: { name: string; ms: number; calls: number; slots: { min: number; median: number }[] }[];
  readonly helperShare: number | null;
  readonly profiledSteps: number;
  readonly profiledStepMs: number;
  readonly kernelMs: number;
  readonly calls: number;
  readonly kernels: KernelLine[];
  readonly micro: { threads: number; cold: boolean; offset: number; lines: MicroLine[] }[];
}

const CHUNK = 10;

/** Tells the page (and the script, which samples CPU times there) that a timed section starts or ends. */
const mark = (name: string) => {
  performance.mark(name); // for --trace
  self.postMessage({ mark: name });
};
const PROFILED = 5;

async function profile(req: ProfileRequest): Promise<ProfileReport> {
  setWasmPaths(req.wasmBase);
  registerWasmGradKernels();
  setOwnKernelsEnabled(req.ownKernels);
  const restore = useAllCoresForWasm(req.threads === navigator.hardwareConcurrency ? navigator : { hardwareConcurrency: req.threads });
  if (req.tfjsThreads != null) setThreadsCount(req.tfjsThreads);
  await tf.setBackend('wasm');
  await tf.ready();
  restore();
  const probe = lenetTrainingStep(64);
  await probe.run(CHUNK); // warm-up: compilation tiers, helper threads starting
  await new Promise((r) => setTimeout(r, 300));
  await probe.run(CHUNK);
  const counts0 = kernelTaskCounts();
  const rt0 = kernelRuntime(tf.backend());
  rt0?.timeDrivers(true);
  mark('steps');
  const times: number[] = [];
  for (let done = 0; done < req.steps; done += CHUNK) {
    const t0 = performance.now();
    await probe.run(CHUNK);
    times.push((performance.now() - t0) / CHUNK);
  }
  mark('stepsEnd');
  const steps = Math.ceil(req.steps / CHUNK) * CHUNK;
  const drivers = [...(rt0?.driverTimes() ?? new Map<string, DriverTime>()).entries()]
    .map(([name, t]) => ({ name, ms: t.ms / steps, calls: t.calls / steps, slots: slotStats(t.each, t.calls / steps) }))
    .sort((a, b) => b.ms - a.ms);
  rt0?.timeDrivers(false);
  const counts1 = kernelTaskCounts();
  times.sort((a, b) => a - b);
  mark('loop');
  const loopStepMs = await appLoop(req.steps);
  mark('loopEnd');
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    for (let i = 0; i < PROFILED; i++) await probe.step();
  });
  const profiledStepMs = (performance.now() - t0) / PROFILED;
  const byKey = new Map<string, KernelLine>();
  for (const k of info.kernels) {
    const shapes = k.inputShapes.map((s) => (s ? s.join('x') : '-')).join(' ');
    const key = `${k.name} ${shapes}`;
    const e = byKey.get(key) ?? { name: k.name, shapes, calls: 0, ms: 0 };
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    byKey.set(key, { ...e, calls: e.calls + 1 / PROFILED, ms: e.ms + ms / PROFILED });
  }
  const kernels = [...byKey.values()].sort((a, b) => b.ms - a.ms);
  probe.dispose();
  const path = kernelPathText();
  const micro: { threads: number; cold: boolean; offset: number; lines: MicroLine[] }[] = [];
  const rt = kernelRuntime(tf.backend());
  const variants = [
    { cold: false, offset: 0 },
    { cold: true, offset: 0 },
    { cold: false, offset: 8 },
  ];
  if (req.micro && rt) {
    for (const v of variants) micro.push({ threads: rt.threads, ...v, lines: kernelMicroBench(rt, 10, 5, v.cold, v.offset) });
    rt.useRunner(null);
    for (const v of variants) micro.push({ threads: 1, ...v, lines: kernelMicroBench(rt, 10, 5, v.cold, v.offset) });
  }
  const helpers = counts0 && counts1 ? counts1.helpers - counts0.helpers : null;
  const total = counts0 && counts1 ? counts1.total - counts0.total : null;
  return {
    path,
    stepMs: times[Math.floor(times.length / 2)],
    chunks: times.length,
    loopStepMs,
    drivers,
    helperShare: helpers != null && total ? helpers / total : null,
    profiledSteps: PROFILED,
    profiledStepMs,
    kernelMs: kernels.reduce((s, k) => s + k.ms, 0),
    calls: info.kernels.length / PROFILED,
    kernels,
    micro,
  };
}

/** The i-th call of every step (calls of one driver cycle through a step's layers in order): fastest and median ms. */
function slotStats(each: readonly number[], perStep: number): { min: number; median: number }[] {
  if (!Number.isInteger(perStep) || perStep > 8) return [];
  return Array.from({ length: perStep }, (_, slot) => {
    const v = each.filter((_, i) => i % perStep === slot).sort((a, b) => a - b);
    return { min: v[0] ?? 0, median: v[Math.floor(v.length / 2)] ?? 0 };
  });
}

/** ms per step of trainModel (as the app trains) over `steps` batches of random images, after a warm-up epoch. */
async function appLoop(steps: number): Promise<number> {
  const count = 64 * steps;
  const images = new Uint8Array(count * 784);
  for (let i = 0; i < images.length; i++) images[i] = (i * 2654435761) >>> 24;
  const labels = Uint8Array.from({ length: count }, (_, i) => i % 10);
  const data = imageBatchSource({ images, labels, count, height: 28, width: 28, channels: 1, numClasses: 10, mean: 0.13, std: 0.31 });
  const model = buildLenet5(1);
  const optimizer = momentumSGD(0.01, 0.5);
  try {
    await trainModel(model, data, { epochs: 1, batchSize: 64, seed: 1, optimizer });
    const r = await trainModel(model, data, { epochs: 1, batchSize: 64, seed: 2, optimizer });
    return (1000 * r.seconds) / steps;
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

self.onmessage = (e: MessageEvent<ProfileRequest>) => {
  profile(e.data).then(
    (r) => self.postMessage(r),
    (err: unknown) => self.postMessage({ error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) }),
  );
};
