// A faster Sum for the tfjs 'wasm' backend when the reduced axes are the leading ones.
//
// Why this file exists: every bias gradient of a conv or dense layer is a Sum of dy over
// its leading axes (batch, height, width). The stock wasm kernel only reduces innermost
// axes, so it first transposes the whole gradient ([64,24,24,20] for conv1) and then sums
// it: two passes and a full copy, ~7 % of a LeNet-5 training step. Summing the leading
// axes of x viewed as [R, C] is the product ones[1, R] · x[R, C], one pass through
// XNNPACK's fast (and, where the page is cross-origin isolated, threaded) matrix product.
import type * as tf from '@tensorflow/tfjs';
import { disposeAll, input, runWasmKernel, type KernelArgs } from './kernelUtils';
import { ownColumnSums } from './ownReductions';

export const SUM = 'Sum';

/** Below this many rows the stock kernel's transpose is cheap: keep it. */
const MIN_ROWS = 16;

/** Number of leading axes reduced, or 0 when `axis` is not exactly [0, …, k-1] with k < rank. */
export function leadingAxes(axis: number | number[], rank: number): number {
  const list = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a));
  const sorted = [...new Set(list)].sort((a, b) => a - b);
  if (sorted.length === 0 || sorted.length >= rank) return 0;
  return sorted.every((a, i) => a === i) ? sorted.length : 0;
}

export function sumLeadingAxes(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.SumAttrs;
  const x = input(inputs, 'x', SUM);
  const k = leadingAxes(attrs.axis, x.shape.length);
  const rows = x.shape.slice(0, k).reduce((p, d) => p * d, 1);
  const cols = x.shape.slice(k).reduce((p, d) => p * d, 1);
  if (k === 0 || x.dtype !== 'float32' || rows < MIN_ROWS || cols < 1) return original(args);
  const outShape = attrs.keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
  const own = ownColumnSums(backend, x, rows, cols, outShape);
  if (own) return own;
  const b = backend as tf.KernelBackend;
  const ones = { dataId: b.write(new Float32Array(rows).fill(1), [1, 1, rows], 'float32'), shape: [1, 1, rows], dtype: 'float32' as const };
  const temps: tf.TensorInfo[] = [ones];
  try {
    const x3 = runWasmKernel('Reshape', backend, { x }, { shape: [1, rows, cols] });
    temps.push(x3);
    const product = runWasmKernel('BatchMatMul', backend, { a: ones, b: x3 }, { transposeA: false, transposeB: false });
    temps.push(product);
    // Reshape shares the product's buffer (and takes a reference), so the product can go.
    return runWasmKernel('Reshape', backend, { x: product }, { shape: outShape });
  } finally {
    disposeAll(backend, temps);
  }
}
