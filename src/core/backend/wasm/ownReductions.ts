// MaxPool and MaxPoolGrad (2×2, stride 2) and Sum over leading axes (bias gradients) on PruneLab's own
// wasm kernels: SIMD over channels, split across the thread pool by rows.
//
// Why this file exists: both are memory-bound passes over the largest activations of a
// LeNet-5 step ([64,24,24,20]); the callers (maxPoolGrad.ts, sumLeading.ts) use these when
// the kernels are loaded and keep their own routes otherwise.
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { kernelRuntime, offsetOf, perTask } from './kernels/instance';

/** dx of a 2×2/2 max pool whose windows tile x exactly (rows = batch · outHeight), or null. */
export function ownPool2x2Grad(backend: object, x: tf.TensorInfo, dy: tf.TensorInfo, rows: number, outWidth: number, channels: number): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null) return null;
  const out = (backend as BackendWasm).makeOutput(x.shape, 'float32');
  const rowsPerTask = perTask(rt, rows, 4, 8);
  rt.run(
    'pool2_grad',
    { x: offsetOf(backend, x), dy: offsetOf(backend, dy), dx: offsetOf(backend, out), rows, ow: outWidth, c: channels, rowsPerTask },
    Math.ceil(rows / rowsPerTask),
  );
  return out;
}

/** MaxPool 2×2/2 'valid' of NHWC x into [N, OH, OW, C] (OH = ⌊IH/2⌋, OW = ⌊IW/2⌋), or null. */
export function ownPool2x2(backend: object, x: tf.TensorInfo, outShape: number[]): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null) return null;
  const [n, ih, iw, c] = x.shape;
  const [oh, ow] = [outShape[1], outShape[2]];
  const out = (backend as BackendWasm).makeOutput(outShape, 'float32');
  const rows = n * oh;
  const rowsPerTask = perTask(rt, rows, Math.max(1, Math.ceil(4096 / (ow * c))), 8);
  rt.run(
    'pool2',
    { x: offsetOf(backend, x), out: offsetOf(backend, out), rows, oh, ow, c, xImg: 4 * ih * iw * c, xRow: 4 * iw * c, rowsPerTask },
    Math.ceil(rows / rowsPerTask),
  );
  return out;
}

/** Column sums of x viewed as [rows, cols], shaped `outShape`, or null. */
export function ownColumnSums(backend: object, x: tf.TensorInfo, rows: number, cols: number, outShape: number[]): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null) return null;
  // Partial sums over a fixed split of the rows, added in task order: the same sums on any number of threads.
  const tasks = Math.min(16, Math.max(1, Math.ceil(rows / 256)));
  const rowsPerTask = Math.ceil(rows / tasks);
  const partial = rt.malloc(4 * tasks * cols);
  try {
    rt.run('col_sum', { x: offsetOf(backend, x), partial, r: rows, c: cols, rowsPerTask }, tasks);
    const out = (backend as BackendWasm).makeOutput(outShape, 'float32');
    const sums = rt.f32(offsetOf(backend, out), cols);
    const parts = rt.f32(partial, tasks * cols);
    sums.set(parts.subarray(0, cols));
    for (let t = 1; t < tasks; t++) for (let j = 0; j < cols; j++) sums[j] += parts[t * cols + j];
    return out;
  } finally {
    rt.free(partial);
  }
}
