// BatchMatMul and _FusedMatMul (bias, ReLU) on PruneLab's own wasm kernels, for float32
// products with a batch of 1 — every dense layer's forward pass and both of its gradients.
//
// Why this file exists: Aᵀ·B (the weight gradient) runs without any transpose (the C family
// of micro-kernels walks Aᵀ directly); A·Bᵀ (the input gradient) transposes B once. Other
// cases (batched products, other dtypes, other activations) return null: the previous route.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { MODE, MR_S, PANEL } from './kernels/abi';
import { kernelRuntime, offsetOf } from './kernels/instance';
import type { KernelRuntime } from './kernels/runtime';

const batchOf = (shape: number[]): number => shape.slice(0, -2).reduce((p, d) => p * d, 1);

/** Task blocks: split the longer of M and N so each thread gets about two blocks. */
function blocks(rt: KernelRuntime, m: number, n: number): { mBlock: number; nBlock: number; nBlocks: number; tasks: number } {
  const want = rt.threads <= 1 ? 1 : rt.threads * 2;
  const roundUp = (v: number, q: number) => Math.ceil(v / q) * q;
  let mBlock = m;
  let nBlock = roundUp(n, PANEL);
  if (want > 1 && n >= m) nBlock = Math.max(PANEL, roundUp(Math.ceil(n / want), PANEL));
  else if (want > 1) mBlock = Math.max(MR_S, roundUp(Math.ceil(m / want), MR_S));
  const nBlocks = Math.ceil(n / nBlock);
  return { mBlock, nBlock, nBlocks, tasks: Math.ceil(m / mBlock) * nBlocks };
}

/** op(a)·op(b) (+ bias, ReLU) as [.., M, N], or null when the case is not ours. */
export function ownMatMul(
  backend: object,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  bias: tf.TensorInfo | null,
  relu: boolean,
): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || a.dtype !== 'float32' || b.dtype !== 'float32' || a.shape.length < 2 || b.shape.length < 2) return null;
  if (batchOf(a.shape) !== 1 || batchOf(b.shape) !== 1 || (relu && bias == null)) return null;
  const [ar, ac] = a.shape.slice(-2);
  const [br, bc] = b.shape.slice(-2);
  const [m, k] = transposeA ? [ac, ar] : [ar, ac];
  const [k2, n] = transposeB ? [bc, br] : [br, bc];
  if (k !== k2 || m === 0 || n === 0 || k === 0) return null;
  if (bias != null && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== n)) return null;
  const rank = Math.max(a.shape.length, b.shape.length);
  const out = (backend as BackendWasm).makeOutput([...new Array(rank - 2).fill(1), m, n], 'float32');
  const bt = transposeB ? rt.malloc(4 * k * n) : 0;
  try {
    if (transposeB) rt.run('transpose', { src: offsetOf(backend, b), dst: bt, r: n, c: k, rowsPerTask: n }, 1);
    const blk = blocks(rt, m, n);
    rt.run(
      'matmul',
      {
        a: offsetOf(backend, a),
        b: transposeB ? bt : offsetOf(backend, b),
        c: offsetOf(backend, out),
        bias: bias ? offsetOf(backend, bias) : 0,
        m,
        n,
        k,
        aRow: transposeA ? 4 : 4 * k,
        aK: transposeA ? 4 * m : 4,
        bK: 4 * n,
        mode: bias ? (relu ? MODE.biasRelu : MODE.bias) : MODE.store,
        mBlock: blk.mBlock,
        nBlock: blk.nBlock,
        nBlocks: blk.nBlocks,
      },
      blk.tasks,
    );
  } finally {
    if (transposeB) rt.free(bt);
  }
  return out;
}
