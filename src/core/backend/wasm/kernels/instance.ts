// One KernelRuntime per tfjs-wasm module, created on first use, plus the switches that tests
// and the bench use to compare with the previous (tfjs / XNNPACK based) kernels.
//
// Why this file exists: tfjs kernels receive only the backend object; this finds (or builds)
// the runtime for that backend's Emscripten module, attaches the thread pool when one is
// configured, and reports null — so callers fall back — where the module cannot be loaded.
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { emscriptenMemory, KernelRuntime, type EmscriptenModule, type KernelPath, type TaskRunner } from './runtime';

const runtimes = new WeakMap<object, KernelRuntime | null>();
let enabled = true;
let lastError: string | null = null;
let runnerFactory: ((rt: KernelRuntime) => TaskRunner | null) | null = null;
let latest: KernelRuntime | null = null;

/** Turns PruneLab's own wasm kernels on or off (off: the kernels fall back to their previous routes). */
export function setOwnKernelsEnabled(on: boolean): void {
  enabled = on;
}

export function ownKernelsEnabled(): boolean {
  return enabled;
}

/** Called with each new runtime (and the current one) to give it helper threads. */
export function setRunnerFactory(factory: ((rt: KernelRuntime) => TaskRunner | null) | null): void {
  runnerFactory = factory;
  if (latest) latest.useRunner(factory ? factory(latest) : null);
}

function moduleOf(backend: object): EmscriptenModule | null {
  const mod = (backend as Partial<Pick<BackendWasm, 'wasm'>>).wasm as unknown;
  return mod != null && typeof mod === 'object' && '_malloc' in mod ? (mod as EmscriptenModule) : null;
}

/** The runtime on `backend`'s memory, or null (disabled, not tfjs-wasm, or the module failed to load). */
export function kernelRuntime(backend: object): KernelRuntime | null {
  if (!enabled) return null;
  const mod = moduleOf(backend);
  if (mod == null) return null;
  const known = runtimes.get(mod);
  if (known !== undefined) return known;
  let rt: KernelRuntime | null = null;
  try {
    const memory = emscriptenMemory(mod);
    if (memory == null) throw new Error("tfjs-wasm's memory was not found");
    rt = new KernelRuntime(mod, memory);
    if (runnerFactory) rt.useRunner(runnerFactory(rt));
    latest = rt;
  } catch (e) {
    lastError = e instanceof Error ? e.message : String(e);
    rt = null;
  }
  runtimes.set(mod, rt);
  return rt;
}

/** What the kernels run on (null before the first kernel ran, or when they could not load; see kernelLoadError). */
export function currentKernelPath(): KernelPath | null {
  return enabled && latest ? latest.path() : null;
}

/** Tasks the kernels ran so far and those the helper threads took (null: no thread pool). */
export function kernelTaskCounts(): { total: number; helpers: number } | null {
  return enabled && latest ? latest.taskCounts() : null;
}

export function kernelLoadError(): string | null {
  return lastError;
}

/** One line for the backend badge: which kernel build runs and on how many threads. */
export function kernelPathText(): string {
  const p = currentKernelPath();
  if (p == null) return enabled ? (lastError ? `PruneLab kernels not loaded (${lastError})` : 'PruneLab kernels') : 'tfjs kernels';
  return `PruneLab kernels: ${p.relaxedSimd ? 'relaxed SIMD (FMA)' : 'SIMD'}, ${p.threads} thread${p.threads === 1 ? '' : 's'}`;
}

/** Byte offset of a tensor in tfjs-wasm's memory. */
export function offsetOf(backend: object, t: { dataId: object }): number {
  return (backend as BackendWasm).getMemoryOffset(t.dataId);
}

/** Splits `total` items into tasks for the runtime's threads: at least `minPerTask` items each. */
export function perTask(rt: KernelRuntime, total: number, minPerTask = 1, tasksPerThread = 2): number {
  if (rt.threads <= 1) return Math.max(1, total);
  const tasks = Math.max(1, Math.min(Math.ceil(total / minPerTask), rt.threads * tasksPerThread));
  return Math.max(1, Math.ceil(total / tasks));
}
