// Add, Sub, Multiply, RealDiv, Relu, Step, Sqrt and Square on PruneLab's own wasm kernels (SIMD,
// split across the thread pool), and Identity / same-dtype Cast without a copy.
//
// Why this file exists: besides the matrix products, a LeNet-5 training step spends its time
// in passes over the [64,24,24,20] activations (bias add, ReLU, the ReLU gradient's step and
// product, Identity/Cast copies) and in the optimizer's updates; tfjs-wasm runs them on one
// thread. Cases not covered here (other dtypes, general broadcasting) return null and the
// original kernel runs.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EW_OP } from './kernels/abi';
import { kernelRuntime, offsetOf, perTask } from './kernels/instance';
import { input, type KernelArgs } from './kernelUtils';

export const ADD = 'Add';
export const MULTIPLY = 'Multiply';
export const RELU = 'Relu';
export const STEP = 'Step';
export const IDENTITY = 'Identity';
export const CAST = 'Cast';
export const SUB = 'Sub';
export const REAL_DIV = 'RealDiv';
export const SQRT = 'Sqrt';
export const SQUARE = 'Square';

/** Below this many elements a kernel call's overhead outweighs the gain: the original runs. */
const MIN_ELEMENTS = 4096;

const size = (s: number[]) => tf.util.sizeFromShape(s);
const f32bits = (v: number) => new Int32Array(new Float32Array([v]).buffer)[0];

type Ew = (typeof EW_OP)[keyof typeof EW_OP];

/**
 * out = big ⊕ small, where small has big's shape, is a scalar, or is one row of big's last
 * dimension (a bias); null otherwise.
 */
function binary(backend: object, big: tf.TensorInfo, small: tf.TensorInfo, op: Ew): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || big.dtype !== 'float32' || small.dtype !== 'float32' || size(big.shape) < MIN_ELEMENTS) return null;
  if (small.shape.length > big.shape.length) return null;
  const n = size(big.shape);
  const c = big.shape.at(-1) ?? 1;
  const same = tf.util.arraysEqual(big.shape, small.shape);
  const m = size(small.shape);
  const row = !same && m === c && small.shape.every((d, i) => d === 1 || i === small.shape.length - 1);
  if (!same && !row && m !== 1) return null;
  const out = (backend as BackendWasm).makeOutput(big.shape, 'float32');
  const scalarRow = !same && !row ? rt.malloc(4 * c) : 0;
  try {
    if (scalarRow) rt.f32(scalarRow, c).fill(rt.f32(offsetOf(backend, small), 1)[0]);
    const rows = n / c;
    const rowsPerTask = perTask(rt, rows, Math.ceil(2048 / c), 8);
    const b = scalarRow || offsetOf(backend, small);
    rt.run('ew', { a: offsetOf(backend, big), b, out: offsetOf(backend, out), rows, c, bRow: same ? 4 * c : 0, op, alpha: 0, rowsPerTask }, Math.ceil(rows / rowsPerTask));
  } finally {
    if (scalarRow) rt.free(scalarRow);
  }
  return out;
}

function unary(backend: object, x: tf.TensorInfo, op: Ew, alpha = 0): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || x.dtype !== 'float32' || size(x.shape) < MIN_ELEMENTS) return null;
  const c = x.shape.at(-1) ?? 1;
  const rows = size(x.shape) / c;
  const out = (backend as BackendWasm).makeOutput(x.shape, 'float32');
  const rowsPerTask = perTask(rt, rows, Math.ceil(2048 / c), 8);
  const a = offsetOf(backend, x);
  rt.run('ew', { a, b: a, out: offsetOf(backend, out), rows, c, bRow: 0, op, alpha: f32bits(alpha), rowsPerTask }, Math.ceil(rows / rowsPerTask));
  return out;
}

/** Add and Multiply (commutative): the larger operand is `big`. */
function commutative(args: KernelArgs, original: tf.KernelFunc, op: Ew): tf.TensorInfo | tf.TensorInfo[] {
  const a = input(args.inputs, 'a', 'binary');
  const b = input(args.inputs, 'b', 'binary');
  const [big, small] = size(a.shape) >= size(b.shape) ? [a, b] : [b, a];
  return binary(args.backend, big, small, op) ?? original(args);
}

export const addOwn = (args: KernelArgs, original: tf.KernelFunc) => commutative(args, original, EW_OP.add);
export const multiplyOwn = (args: KernelArgs, original: tf.KernelFunc) => commutative(args, original, EW_OP.mul);

/** Sub and RealDiv: ours when `a` is the full-size operand (b the same shape, a row or a scalar). */
function ordered(args: KernelArgs, original: tf.KernelFunc, op: Ew): tf.TensorInfo | tf.TensorInfo[] {
  const a = input(args.inputs, 'a', 'binary');
  const b = input(args.inputs, 'b', 'binary');
  return (size(a.shape) >= size(b.shape) ? binary(args.backend, a, b, op) : null) ?? original(args);
}

export const subOwn = (args: KernelArgs, original: tf.KernelFunc) => ordered(args, original, EW_OP.sub);
export const realDivOwn = (args: KernelArgs, original: tf.KernelFunc) => ordered(args, original, EW_OP.div);
export const sqrtOwn = (args: KernelArgs, original: tf.KernelFunc) => unary(args.backend, input(args.inputs, 'x', SQRT), EW_OP.sqrt) ?? original(args);
export const squareOwn = (args: KernelArgs, original: tf.KernelFunc) => unary(args.backend, input(args.inputs, 'x', SQUARE), EW_OP.square) ?? original(args);

export function reluOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  return unary(args.backend, input(args.inputs, 'x', RELU), EW_OP.relu) ?? original(args);
}

export function stepOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const alpha = (args.attrs as unknown as tf.StepAttrs | undefined)?.alpha ?? 0;
  return unary(args.backend, input(args.inputs, 'x', STEP), EW_OP.step, alpha) ?? original(args);
}

/** The input's buffer shared with one more reference (as the cpu backend's Identity does). */
function share(backend: object, x: tf.TensorInfo): tf.TensorInfo {
  (backend as BackendWasm).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function identityOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const x = input(args.inputs, 'x', IDENTITY);
  return x.dtype === 'string' || kernelRuntime(args.backend) == null ? original(args) : share(args.backend, x);
}

export function castOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const x = input(args.inputs, 'x', CAST);
  const dtype = (args.attrs as unknown as tf.CastAttrs).dtype;
  return x.dtype === dtype && dtype !== 'string' && kernelRuntime(args.backend) != null ? share(args.backend, x) : original(args);
}
