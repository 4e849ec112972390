// The ReLU gradient in one pass on the wasm backend: tfjs computes it as mul(dy, cast(step(x)))
// — a Step pass that writes a whole tensor of 0s and 1s, then a Multiply pass that reads it
// back — so a training step pays for LeNet-5's largest activation twice. Here the gradient
// registered for Relu asks for one kernel, PruneLabReluGrad = dy · step(x) (the same products,
// bit for bit), when the active backend is wasm; every other backend keeps tfjs's formula.
//
// Why this file exists: the gradient registry is global (one per tfjs instance, not per
// backend), so the override must fall back for the other backends, undo itself for tests and
// benchmarks, and give its own kernel a gradient (for gradients of gradients).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EW_OP } from './kernels/abi';
import { kernelRuntime, offsetOf, perTask } from './kernels/instance';
import { BACKEND, disposeAll, input, runWasmKernel, type KernelArgs } from './kernelUtils';

export const RELU_GRAD = 'PruneLabReluGrad';
const RELU = 'Relu';

/** tfjs's own formula (what every backend but wasm runs). */
const plain = (dy: tf.Tensor, x: tf.Tensor) => tf.mul(dy, tf.cast(tf.step(x), 'float32'));

/** dy · step(x) on the kernels (one pass, SIMD, threaded), or the two stock kernels. */
export function reluGradKernel(args: KernelArgs): tf.TensorInfo {
  const dy = input(args.inputs, 'dy', RELU_GRAD);
  const x = input(args.inputs, 'x', RELU_GRAD);
  const rt = kernelRuntime(args.backend);
  const n = tf.util.sizeFromShape(x.shape);
  if (rt && dy.dtype === 'float32' && x.dtype === 'float32' && tf.util.arraysEqual(dy.shape, x.shape) && n > 0) {
    const out = (args.backend as BackendWasm).makeOutput(x.shape, 'float32');
    const c = x.shape.at(-1) ?? 1;
    const rows = n / c;
    const rowsPerTask = perTask(rt, rows, Math.ceil(2048 / c), 8);
    const [pa, pb] = [offsetOf(args.backend, x), offsetOf(args.backend, dy)];
    rt.run('ew', { a: pa, b: pb, out: offsetOf(args.backend, out), rows, c, bRow: 4 * c, op: EW_OP.reluGrad, alpha: 0, rowsPerTask }, Math.ceil(rows / rowsPerTask));
    return out;
  }
  const step = runWasmKernel('Step', args.backend, { x }, { alpha: 0 });
  try {
    return runWasmKernel('Multiply', args.backend, { a: dy, b: step }, {});
  } finally {
    disposeAll(args.backend, [step]);
  }
}

const fusedReluGrad: tf.GradConfig = {
  kernelName: RELU,
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    const g = Array.isArray(dy) ? dy[0] : dy;
    const wasm = tf.getBackend() === BACKEND && tf.getKernel(RELU_GRAD, BACKEND) != null;
    return { x: () => (wasm ? (tf.engine().runKernel(RELU_GRAD, { dy: g, x }, {}) as tf.Tensor) : plain(g, x)) };
  },
};

/** Of dy · step(x): ∂/∂dy = step(x), ∂/∂x = 0 (step is flat almost everywhere, as in tfjs). */
const reluGradGrad: tf.GradConfig = {
  kernelName: RELU_GRAD,
  inputsToSave: ['x'],
  gradFunc: (ddx, saved) => {
    const [x] = saved;
    const g = Array.isArray(ddx) ? ddx[0] : ddx;
    return { dy: () => plain(g, x), x: () => tf.zerosLike(x) };
  },
};

let original: tf.GradConfig | null = null;

/** Registers PruneLabReluGrad for wasm and the Relu gradient that uses it (idempotent). */
export function registerReluGrad(): void {
  if (tf.getKernel(RELU_GRAD, BACKEND) == null) tf.registerKernel({ kernelName: RELU_GRAD, backendName: BACKEND, kernelFunc: reluGradKernel });
  const current = tf.getGradient(RELU);
  if (current !== fusedReluGrad) original = current ?? null;
  tf.registerGradient(fusedReluGrad);
  tf.registerGradient(reluGradGrad);
}

/** Puts tfjs's Relu gradient back and removes the kernel. */
export function unregisterReluGrad(): void {
  if (original) tf.registerGradient(original);
  original = null;
  if (tf.getKernel(RELU_GRAD, BACKEND) != null) tf.unregisterKernel(RELU_GRAD, BACKEND);
}

/** True while the fused Relu gradient is the registered one. */
export function reluGradRegistered(): boolean {
  return tf.getGradient(RELU) === fusedReluGrad && tf.getKernel(RELU_GRAD, BACKEND) != null;
}
