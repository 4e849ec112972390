// A transpose-free BatchMatMul wrapper for the tfjs 'wasm' backend.
//
// Why this file exists: the wasm kernel only uses XNNPACK for un-transposed, batch-1
// products; any transposeA/transposeB (which is what every dense-layer gradient asks for)
// drops to a naive blocked triple loop that is ~10x slower than the forward matmul. The
// wrapper materialises the transposed operand with the (fast) Transpose kernel and calls
// the original kernel without transpose flags; batched products are passed through.
import type * as tf from '@tensorflow/tfjs';
import { disposeAll, input, runWasmKernel, type KernelArgs } from './kernelUtils';
import { ownMatMul } from './ownMatMul';

export const BATCH_MAT_MUL = 'BatchMatMul';

/** BatchMatMul with transposes routed to XNNPACK by transposing explicitly (see header). */
export function batchMatMulNoTranspose(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.BatchMatMulAttrs;
  const a = input(inputs, 'a', BATCH_MAT_MUL);
  const b = input(inputs, 'b', BATCH_MAT_MUL);
  const own = ownMatMul(backend, a, b, attrs.transposeA, attrs.transposeB, null, false);
  if (own) return own;
  const batchOf = (shape: number[]): number => shape.slice(0, -2).reduce((p, d) => p * d, 1);
  if (
    (!attrs.transposeA && !attrs.transposeB) ||
    a.dtype !== 'float32' ||
    b.dtype !== 'float32' ||
    a.shape.length < 2 ||
    b.shape.length < 2 ||
    batchOf(a.shape) !== 1 ||
    batchOf(b.shape) !== 1
  ) {
    return original(args);
  }
  const swapLast = (t: tf.TensorInfo): tf.TensorInfo => {
    const perm = t.shape.map((_, i) => i);
    const r = perm.length;
    perm[r - 2] = r - 1;
    perm[r - 1] = r - 2;
    return runWasmKernel('Transpose', backend, { x: t }, { perm });
  };
  const temps: tf.TensorInfo[] = [];
  try {
    let a2 = a;
    let b2 = b;
    if (attrs.transposeA) {
      a2 = swapLast(a);
      temps.push(a2);
    }
    if (attrs.transposeB) {
      b2 = swapLast(b);
      temps.push(b2);
    }
    return original({ inputs: { a: a2, b: b2 }, backend, attrs: { transposeA: false, transposeB: false } });
  } finally {
    disposeAll(backend, temps);
  }
}
