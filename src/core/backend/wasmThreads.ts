// Thread counts for the wasm backend. PruneLab's own kernels (./wasm/kernels) get every core:
// the calling thread plus helper Web Workers on tfjs's shared memory, started when the kernels
// first load. tfjs's own XNNPACK pool then keeps one thread: its workers spin for a while after
// every op, so on a 2-core machine they took a core from our helpers (and the few ops left to
// XNNPACK are small). Threads exist only where the page is cross-origin isolated.
// Where our kernels cannot run threads (or cannot load), XNNPACK gets every core instead. Its
// C++ side caps the pool at navigator.hardwareConcurrency / 2 (it assumes two hyper-threads per
// core), read once when the module starts, so while the module starts we report twice the
// cores, then put the real value back.

import * as tf from '@tensorflow/tfjs';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { KERNEL_BINARIES } from './wasm/kernels/build/kernelBinaries';
import { kernelRuntime, ownKernelsEnabled, setRunnerFactory } from './wasm/kernels/instance';
import { decodeBase64 } from './wasm/kernels/runtime';
import { TaskPool, type HelperHandle } from './wasm/kernels/pool';

interface NavigatorLike {
  hardwareConcurrency?: number;
}

/** The pool size we ask for: every logical core (at least 1, at most tfjs's pool of 8). */
export function wantedThreads(cores: number | undefined): number {
  return Math.min(8, Math.max(1, Math.floor(cores ?? 1)));
}

/** A helper thread for the kernels: a classic Web Worker running `source` from a Blob URL. */
function browserHelper(source: string): HelperHandle {
  // The URL is kept (a few bytes, once per helper): revoking it at once could race the worker's fetch.
  return new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
}

/** True where helper threads can share tfjs's memory: Web Workers, SharedArrayBuffer, cross-origin isolation. */
export function kernelThreadsPossible(): boolean {
  const g = globalThis as { crossOriginIsolated?: boolean };
  return typeof Worker === 'function' && typeof SharedArrayBuffer === 'function' && typeof Blob === 'function' && g.crossOriginIsolated === true;
}

/** True where PruneLab's kernels will run on helper threads: threads possible, kernels on, and their shared build compiles here. */
export function ownKernelThreadsExpected(): boolean {
  return kernelThreadsPossible() && ownKernelsEnabled() && WebAssembly.validate(decodeBase64(KERNEL_BINARIES.simd_shared));
}

/** Gives PruneLab's kernels `threads` threads (the caller + helpers) once they load on a shared memory. */
export function useKernelThreads(threads: number): void {
  if (threads <= 1 || !kernelThreadsPossible()) {
    setRunnerFactory(null);
    return;
  }
  setRunnerFactory((rt) => (rt.shared ? new TaskPool(rt, threads - 1, browserHelper) : null));
}

/** Loads the kernels (and starts their helper threads) when the wasm backend is the active one. */
function loadKernelsNow(): void {
  if (tf.getBackend() === 'wasm') kernelRuntime(tf.backend());
}

/**
 * Call before tf.setBackend('wasm'); returns the function that restores the navigator,
 * to be called once the backend is ready. Sizes PruneLab's kernel thread pool and tfjs's own
 * (one thread when ours run threads, `ownThreads`), and the returned function loads the kernels
 * so their threads start before the first training step.
 */
export function useAllCoresForWasm(nav: NavigatorLike | undefined = globalThis.navigator, ownThreads = ownKernelThreadsExpected()): () => void {
  const cores = nav?.hardwareConcurrency;
  const threads = wantedThreads(cores);
  useKernelThreads(threads);
  if (ownThreads && threads > 1) {
    setThreadsCount(1);
    return loadKernelsNow;
  }
  setThreadsCount(threads);
  if (!nav || cores === undefined) return loadKernelsNow;
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => threads * 2 });
  } catch {
    return loadKernelsNow; // a frozen navigator: tfjs keeps its default of cores / 2
  }
  return () => {
    delete nav.hardwareConcurrency; // the own property goes; the prototype's getter is back
    loadKernelsNow();
  };
}
