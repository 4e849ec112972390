// PruneLab's kernels for the tfjs 'wasm' backend: training (gradient) kernels tfjs lacks or
// runs slowly, and, where our own WebAssembly module loads, multi-threaded SIMD replacements
// for the forward and elementwise ops as well. This is the public entry point; the kernels
// live in ./wasm/:
//
//   kernels/          our own wasm module: register-blocked GEMM micro-kernels and drivers,
//                     generated as WAT (kernels/gen) and assembled at install/build time
//                     (scripts/build/build-kernels.ts); runtime.ts loads it on tfjs's memory,
//                     pool.ts splits jobs over helper threads (relaxed SIMD / SIMD, threads /
//                     one thread, chosen by feature detection)
//   ownConv.ts        Conv2D / FusedConv2D, Conv2DBackpropFilter, Conv2DBackpropInput on it
//   ownMatMul.ts      BatchMatMul / _FusedMatMul on it;  ownForward.ts: the forward wrappers
//   ownReductions.ts  2×2 MaxPool, MaxPoolGrad and leading-axes Sum on it
//   maxPool.ts        MaxPool (2×2/2 on the kernels, tfjs's own otherwise)
//   reluGrad.ts       the Relu gradient as one kernel (dy · step(x)) on wasm
//   ownElementwise.ts Add, Sub, Multiply, RealDiv, Relu, Step, Sqrt, Square; copy-free Identity and Cast
//   convGrads.ts      Conv2DBackpropFilter (missing in tfjs-backend-wasm 4.22) and a fast
//                     Conv2DBackpropInput as forward Conv2D calls: the fallback route
//   maxPoolGrad.ts    MaxPoolGrad without the upstream all-negative-window bug
//   batchMatMul.ts    BatchMatMul with transposes done by the fast Transpose kernel
//   sumLeading.ts     Sum over leading axes (bias gradients) as one matrix product
//   kernelUtils.ts    calling wasm kernels at the TensorInfo level, freeing intermediates
//   kernelRegistry.ts replacing/restoring kernels idempotently
//
// Every replacement falls back to the previous route for cases it does not cover, and when
// our module cannot load. Why this file exists: the app (worker), tests and scripts install or
// remove the whole set with one call, without knowing which kernels it contains.
import * as tf from '@tensorflow/tfjs';
// Side effect: registers the 'wasm' backend and its kernels, so the original
// Conv2DBackpropInput can be looked up and wrapped whichever is imported first.
import '@tensorflow/tfjs-backend-wasm';
import { BATCH_MAT_MUL, batchMatMulNoTranspose } from './wasm/batchMatMul';
import {
  BACKPROP_FILTER,
  BACKPROP_INPUT,
  conv2DBackpropFilterViaConv2D,
  conv2DBackpropInputViaConv2D,
} from './wasm/convGrads';
import { keepHeldStructures } from '../train/modelWeights';
import { HeldSparsity } from './wasm/heldSparsity';
import { isOurs, replaceKernel, restoreKernel, tag } from './wasm/kernelRegistry';
import { BACKEND } from './wasm/kernelUtils';
import { MAX_POOL, maxPoolOwn } from './wasm/maxPool';
import { registerReluGrad, reluGradRegistered, unregisterReluGrad } from './wasm/reluGrad';
import { MAX_POOL_GRAD, maxPoolGradFixed } from './wasm/maxPoolGrad';
import * as ew from './wasm/ownElementwise';
import { CONV2D, conv2DOwn, FUSED_CONV2D, FUSED_MATMUL, fusedConv2DOwn, fusedMatMulOwn } from './wasm/ownForward';
import { SUM, sumLeadingAxes } from './wasm/sumLeading';

export { backpropInputFastPathPads } from './wasm/convGrads';
export { currentKernelPath, kernelPathText, setOwnKernelsEnabled } from './wasm/kernels/instance';

/**
 * Registers PruneLab's wasm training kernels: Conv2DBackpropFilter (missing in tfjs),
 * Conv2DBackpropInput (fast path, delegating to the original for other configs) and a
 * fixed MaxPoolGrad. Idempotent, and safe to call before or after
 * `tf.setBackend('wasm')` (the kernels need no setup step; replaced kernels keep the
 * original's setup/dispose hooks so a later backend (re)initialisation still prepares
 * the delegated path).
 *
 * A Conv2DBackpropFilter that some other code (or a future tfjs) already registered for
 * wasm is left alone.
 */
export function registerWasmGradKernels(): void {
  if (tf.getKernel(BACKPROP_FILTER, BACKEND) == null) {
    tf.registerKernel({
      kernelName: BACKPROP_FILTER,
      backendName: BACKEND,
      kernelFunc: tag(conv2DBackpropFilterViaConv2D),
    });
  }
  replaceKernel(MAX_POOL_GRAD, () => maxPoolGradFixed);
  for (const [name, impl] of WRAPPED) replaceKernel(name, (original) => (args) => impl(args, original.kernelFunc));
  registerReluGrad();
  keepHeldStructures((shapes, masks) => new HeldSparsity(shapes, masks));
}

type Impl = (args: Parameters<tf.KernelFunc>[0], original: tf.KernelFunc) => ReturnType<tf.KernelFunc>;
/** Kernels replaced by ours, each calling the original for the cases it does not cover. */
const WRAPPED: readonly (readonly [string, Impl])[] = [
  [BACKPROP_INPUT, conv2DBackpropInputViaConv2D],
  [BATCH_MAT_MUL, batchMatMulNoTranspose],
  [SUM, sumLeadingAxes],
  [CONV2D, conv2DOwn],
  [FUSED_CONV2D, fusedConv2DOwn],
  [FUSED_MATMUL, fusedMatMulOwn],
  [MAX_POOL, maxPoolOwn],
  [ew.ADD, ew.addOwn],
  [ew.SUB, ew.subOwn],
  [ew.MULTIPLY, ew.multiplyOwn],
  [ew.REAL_DIV, ew.realDivOwn],
  [ew.RELU, ew.reluOwn],
  [ew.STEP, ew.stepOwn],
  [ew.SQRT, ew.sqrtOwn],
  [ew.SQUARE, ew.squareOwn],
  [ew.IDENTITY, ew.identityOwn],
  [ew.CAST, ew.castOwn],
];

/**
 * Undoes registerWasmGradKernels (restores the original wasm Conv2DBackpropInput and
 * MaxPoolGrad, removes our Conv2DBackpropFilter). Meant for tests and benchmarks.
 */
export function unregisterWasmGradKernels(): void {
  if (isOurs(tf.getKernel(BACKPROP_FILTER, BACKEND))) tf.unregisterKernel(BACKPROP_FILTER, BACKEND);
  restoreKernel(MAX_POOL_GRAD);
  for (const [name] of WRAPPED) restoreKernel(name);
  unregisterReluGrad();
  keepHeldStructures(null);
}

/** True when all kernels from this module are currently registered. */
export function wasmGradKernelsRegistered(): boolean {
  return reluGradRegistered() && [BACKPROP_FILTER, MAX_POOL_GRAD, ...WRAPPED.map(([n]) => n)].every((k) => isOurs(tf.getKernel(k, BACKEND)));
}
