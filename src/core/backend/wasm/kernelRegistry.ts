// Registration helpers for PruneLab's wasm training kernels (see ../wasmGradKernels.ts).
//
// Why this file exists: our kernels replace some of the wasm backend's own and must be
// undoable (tests and benchmarks compare against the stock kernels) and idempotent. Each
// kernelFunc we register is tagged as ours and remembers the config it replaced, so
// registering twice is a no-op and unregistering restores exactly the original, setup and
// dispose hooks included.
import * as tf from '@tensorflow/tfjs';
import { BACKEND } from './kernelUtils';

/** Marks kernel functions created by this module (Symbol.for: survives duplicate module instances). */
const OURS = Symbol.for('prunelab.wasmGradKernel');

/** Stored on our replacement kernelFuncs: the wasm config each one replaced. */
const ORIGINAL = Symbol.for('prunelab.wasmGradKernel.original');

/** A fresh kernelFunc wrapping `impl`, marked as ours (and remembering what it replaced). */
export function tag(impl: tf.KernelFunc, original?: tf.KernelConfig): tf.KernelFunc {
  const fn: tf.KernelFunc = (args) => impl(args);
  Object.defineProperty(fn, OURS, { value: true });
  if (original) Object.defineProperty(fn, ORIGINAL, { value: original });
  return fn;
}

export function isOurs(config: tf.KernelConfig | undefined): boolean {
  return config != null && Reflect.get(config.kernelFunc, OURS) === true;
}

function replacedConfig(config: tf.KernelConfig): tf.KernelConfig | null {
  const original: unknown = Reflect.get(config.kernelFunc, ORIGINAL);
  return original != null && typeof original === 'object' ? (original as tf.KernelConfig) : null;
}

/** Replaces a wasm kernel with ours (keeping its setup/dispose hooks), unless already ours. */
export function replaceKernel(name: string, make: (original: tf.KernelConfig) => tf.KernelFunc): void {
  const current = tf.getKernel(name, BACKEND);
  if (current == null) throw new Error(`registerWasmGradKernels: '${name}' is not registered for 'wasm'`);
  if (isOurs(current)) return;
  tf.unregisterKernel(name, BACKEND);
  const replacement: tf.KernelConfig = {
    kernelName: name,
    backendName: BACKEND,
    kernelFunc: tag(make(current), current),
  };
  if (current.setupFunc) replacement.setupFunc = current.setupFunc;
  if (current.disposeFunc) replacement.disposeFunc = current.disposeFunc;
  tf.registerKernel(replacement);
}

/** Restores a kernel replaced by replaceKernel. */
export function restoreKernel(name: string): void {
  const current = tf.getKernel(name, BACKEND);
  const original = current != null && isOurs(current) ? replacedConfig(current) : null;
  if (original != null) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(original);
  }
}
