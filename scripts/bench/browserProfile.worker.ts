// The Web Worker side of scripts/bench/browser-profile.ts: sets the wasm backend up as the
// app's worker does (tfjs's threaded build, PruneLab's kernels and their helper threads),
// times LeNet-5 training steps (batch 64) and profiles a few of them kernel by kernel.
//
// Why this file exists: the per-kernel split must be measured where the app runs (Chromium's
// V8, two threads), and only a worker may block on Atomics as the kernels' thread pool does.
import * as tf from '@tensorflow/tfjs';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { lenetTrainingStep } from '../../src/core/backend/speedProbe';
import { kernelPathText, registerWasmGradKernels, setOwnKernelsEnabled } from '../../src/core/backend/wasmGradKernels';
import { kernelRuntime, kernelTaskCounts } from '../../src/core/backend/wasm/kernels/instance';
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
  readonly helperShare: number | null;
  readonly profiledSteps: number;
  readonly profiledStepMs: number;
  readonly kernelMs: number;
  readonly calls: number;
  readonly kernels: KernelLine[];
  readonly micro: { threads: number; lines: MicroLine[] }[];
}

const CHUNK = 10;
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
  const times: number[] = [];
  for (let done = 0; done < req.steps; done += CHUNK) {
    const t0 = performance.now();
    await probe.run(CHUNK);
    times.push((performance.now() - t0) / CHUNK);
  }
  const counts1 = kernelTaskCounts();
  times.sort((a, b) => a - b);
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
  const micro: { threads: number; lines: MicroLine[] }[] = [];
  const rt = kernelRuntime(tf.backend());
  if (req.micro && rt) {
    micro.push({ threads: rt.threads, lines: kernelMicroBench(rt) });
    rt.useRunner(null);
    micro.push({ threads: 1, lines: kernelMicroBench(rt) });
  }
  const helpers = counts0 && counts1 ? counts1.helpers - counts0.helpers : null;
  const total = counts0 && counts1 ? counts1.total - counts0.total : null;
  return {
    path,
    stepMs: times[Math.floor(times.length / 2)],
    chunks: times.length,
    helperShare: helpers != null && total ? helpers / total : null,
    profiledSteps: PROFILED,
    profiledStepMs,
    kernelMs: kernels.reduce((s, k) => s + k.ms, 0),
    calls: info.kernels.length / PROFILED,
    kernels,
    micro,
  };
}

self.onmessage = (e: MessageEvent<ProfileRequest>) => {
  profile(e.data).then(
    (r) => self.postMessage(r),
    (err: unknown) => self.postMessage({ error: err instanceof Error ? `${err.message}\n${err.stack}` : String(err) }),
  );
};
