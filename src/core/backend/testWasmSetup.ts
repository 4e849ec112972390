// Test-only helper: switch tfjs to the 'cpu' or 'wasm' backend under Node (Vitest).
// The wasm backend must be told where its .wasm binaries live before it initialises;
// under Node a plain directory path (with trailing slash) is read with fs by Emscripten.
// Kept free of Node built-in imports so it also type-checks under the browser tsconfigs
// (src/core is shared with the app and worker projects).
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { registerWasmGradKernels } from './wasmGradKernels';

export type TestBackend = 'wasm' | 'cpu';

/** node_modules/@tensorflow/tfjs-backend-wasm/dist/ as a filesystem path with trailing slash. */
export function wasmDistDir(): string {
  const url = new URL('../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url);
  return decodeURIComponent(url.pathname);
}

let wasmPathsSet = false;

/**
 * Makes `name` the active backend (awaiting its initialisation). For 'wasm' this sets
 * the binary path once and, unless `gradKernels: false`, registers PruneLab's Conv2D
 * gradient kernels (see wasmGradKernels.ts) so training works.
 */
export async function useBackendForTest(
  name: TestBackend,
  options: { gradKernels?: boolean } = {},
): Promise<void> {
  if (name === 'wasm') {
    if (!wasmPathsSet && tf.findBackend('wasm') == null) {
      setWasmPaths(wasmDistDir());
      wasmPathsSet = true;
    }
    if (options.gradKernels !== false) registerWasmGradKernels();
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`useBackendForTest: backend '${name}' failed to initialise`);
  await tf.ready();
}
