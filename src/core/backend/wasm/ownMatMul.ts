// BatchMatMul and _FusedMatMul (bias, ReLU) on PruneLab's own wasm kernels, for float32
// products with a batch of 1 — every dense layer's forward pass and both of its gradients.
//
// Why this file exists: Aᵀ·B (the weight gradient) runs without any transpose (the C family
// of micro-kernels walks Aᵀ directly); A·Bᵀ (the input gradient) transposes B once. Other
// cases (batched products, other dtypes, other activations) return null: the previous route.
// A·Bᵀ with a small A is computed as (B·Aᵀ)ᵀ, which transposes two small matrices instead of B.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { MODE, MR_S, PANEL, type DriverArgs } from './kernels/abi';
import { kernelRuntime, offsetOf, perTask } from './kernels/instance';
import type { KernelRuntime } from './kernels/runtime';
import { denseGeometry, trySparseForward } from './ownSparse';
import { tryHeldMatMul } from './sparseTrain';

const batchOf = (shape: number[]): number => shape.slice(0, -2).reduce((p, d) => p * d, 1);

/** Task blocks: split the longer of M and N so each thread gets about eight blocks (dynamic claiming balances them). */
function blocks(rt: KernelRuntime, m: number, n: number): { mBlock: number; nBlock: number; nBlocks: number; tasks: number } {
  const want = rt.threads <= 1 ? 1 : rt.threads * 8;
  const roundUp = (v: number, q: number) => Math.ceil(v / q) * q;
  let mBlock = m;
  let nBlock = roundUp(n, PANEL);
  if (want > 1 && n >= m) nBlock = Math.max(PANEL, roundUp(Math.ceil(n / want), PANEL));
  else if (want > 1) mBlock = Math.max(MR_S, roundUp(Math.ceil(m / want), MR_S));
  const nBlocks = Math.ceil(n / nBlock);
  return { mBlock, nBlock, nBlocks, tasks: Math.ceil(m / mBlock) * nBlocks };
}

/** dst[c, r] = src[r, c]ᵀ, split by rows. */
function transpose(rt: KernelRuntime, src: number, dst: number, r: number, c: number): void {
  const rowsPerTask = perTask(rt, r, 16, 4);
  rt.run('transpose', { src, dst, r, c, rowsPerTask }, Math.ceil(r / rowsPerTask));
}

type ProductArgs = Omit<DriverArgs<'matmul'>, 'mBlock' | 'nBlock' | 'nBlocks'>;

/** C = A·B over task blocks (see `blocks`). */
function product(rt: KernelRuntime, p: ProductArgs): void {
  const blk = blocks(rt, p.m, p.n);
  rt.run('matmul', { ...p, mBlock: blk.mBlock, nBlock: blk.nBlock, nBlocks: blk.nBlocks }, blk.tasks);
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
  const ptrs = { a: offsetOf(backend, a), b: offsetOf(backend, b), c: offsetOf(backend, out), bias: bias ? offsetOf(backend, bias) : 0, relu };
  if (tryHeldMatMul(rt, a, b, ptrs, m, k, n, transposeA, transposeB, relu)) return out;
  const sparse = !transposeA && !transposeB && trySparseForward(rt, b, ptrs.b, [1, 1, k, n], denseGeometry(m, k, n), { x: ptrs.a, out: ptrs.c, bias: ptrs.bias }, relu);
  if (!sparse) runMatMul(rt, ptrs, m, k, n, transposeA, transposeB);
  return out;
}

/** Byte offsets of a product's operands (bias 0: none; relu only with a bias). */
export interface MatMulPtrs {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly bias: number;
  readonly relu: boolean;
}

/** C[M,N] = op(A)·op(B) (+ bias, ReLU) on the kernels' memory; op(A) is [M,K], op(B) is [K,N]. */
export function runMatMul(rt: KernelRuntime, p: MatMulPtrs, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): void {
  const mode = p.bias ? (p.relu ? MODE.biasRelu : MODE.bias) : MODE.store;
  const [pa, pb, pc] = [p.a, p.b, p.c];
  if (transposeB && !transposeA && !p.bias && m * (k + n) < k * n) {
    // A·Bᵀ with a small A (a dense layer's input gradient): Cᵀ = B·Aᵀ moves fewer floats than Bᵀ.
    const at = rt.malloc(4 * m * k);
    const ct = rt.malloc(4 * m * n);
    try {
      transpose(rt, pa, at, m, k);
      product(rt, { a: pb, b: at, c: ct, bias: 0, m: n, n: m, k, aRow: 4 * k, aK: 4, bK: 4 * m, mode });
      transpose(rt, ct, pc, n, m);
    } finally {
      rt.free(at);
      rt.free(ct);
    }
    return;
  }
  const bt = transposeB ? rt.malloc(4 * k * n) : 0;
  try {
    if (transposeB) transpose(rt, pb, bt, n, k);
    product(rt, { a: pa, b: transposeB ? bt : pb, c: pc, bias: p.bias, m, n, k, aRow: transposeA ? 4 : 4 * k, aK: transposeA ? 4 * m : 4, bK: 4 * n, mode });
  } finally {
    if (transposeB) rt.free(bt);
  }
}
