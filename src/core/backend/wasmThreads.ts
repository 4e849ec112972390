// Thread count for tfjs's multi-threaded wasm build. Its C++ side caps the XNNPACK pool at
// navigator.hardwareConcurrency / 2 (it assumes two hyper-threads per core), read once when
// the module starts, so a 2-core machine gets a single thread whatever setThreadsCount says.
// Training keeps every core busy, so while the module starts we report twice the cores, then
// put the real value back. Threads exist only where the page is cross-origin isolated.

import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';

interface NavigatorLike {
  hardwareConcurrency?: number;
}

/** The pool size we ask for: every logical core (at least 1, at most tfjs's pool of 8). */
export function wantedThreads(cores: number | undefined): number {
  return Math.min(8, Math.max(1, Math.floor(cores ?? 1)));
}

/**
 * Call before tf.setBackend('wasm'); returns the function that restores the navigator,
 * to be called once the backend is ready.
 */
export function useAllCoresForWasm(nav: NavigatorLike | undefined = globalThis.navigator): () => void {
  const cores = nav?.hardwareConcurrency;
  const threads = wantedThreads(cores);
  setThreadsCount(threads);
  if (!nav || cores === undefined) return () => undefined;
  try {
    Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => threads * 2 });
  } catch {
    return () => undefined; // a frozen navigator: tfjs keeps its default of cores / 2
  }
  return () => {
    delete nav.hardwareConcurrency; // the own property goes; the prototype's getter is back
  };
}
