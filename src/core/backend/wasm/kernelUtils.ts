// Shared plumbing for PruneLab's wasm training kernels (see ../wasmGradKernels.ts): input
// and shape checks, and calling other registered wasm kernels directly.
//
// Why this file exists: the replacement kernels are built from the wasm backend's own
// kernel functions (Transpose, Reverse, Slice, Conv2D) called at the TensorInfo level, so
// nothing passes through the engine: there is no tape recording and no tracked tensors.
// That makes every intermediate the caller's job: each one is freed with
// backend.disposeData (disposeAll) before the kernel returns.
import * as tf from '@tensorflow/tfjs';

export const BACKEND = 'wasm';

export type Shape4D = [number, number, number, number];
export type PadAttr = tf.Conv2DBackpropFilterAttrs['pad'];
export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}

export function input(inputs: tf.NamedTensorInfoMap, name: string, kernel: string): tf.TensorInfo {
  const t = inputs[name];
  if (t == null) throw new Error(`${kernel} (wasm): missing input '${name}'`);
  return t;
}

export function as4D(shape: number[], what: string): Shape4D {
  if (shape.length !== 4) throw new Error(`${what} must be rank 4, got shape [${shape.join(',')}]`);
  return [shape[0], shape[1], shape[2], shape[3]];
}

/** Runs another registered wasm kernel at the TensorInfo level (no engine, no tape). */
export function runWasmKernel(
  name: string,
  backend: object,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const config = tf.getKernel(name, BACKEND);
  if (config == null) throw new Error(`wasmGradKernels: kernel '${name}' is not registered for 'wasm'`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasmGradKernels: kernel '${name}' returned multiple outputs`);
  return out;
}

/** Frees intermediate TensorInfos created by runWasmKernel. */
export function disposeAll(backend: object, infos: tf.TensorInfo[]): void {
  const b = backend as tf.KernelBackend;
  for (const info of infos) b.disposeData(info.dataId);
}

export function explicitPad(top: number, bottom: number, left: number, right: number): ExplicitPad {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}
