// Forward convolutions and dense layers on the sparse kernel (kernels/gen/sparseDrivers.ts):
// the input is copied into the batch-innermost layout [rows, cols, cin, batch], each output
// channel sums its kept weights over it with the batch in the SIMD lanes, and the result is
// copied back to NHWC.
//
// Why this file exists: ownConv.ts and ownMatMul.ts call here first for a layer whose weights
// have a sparse form (sparseForm.ts); a dense layer is the 1×1 convolution of a 1×1 image
// with K channels, so both take the same path. A stride-1 conv of a one-channel input (LeNet-5's
// conv1) takes the direct kernel instead (runSparseOneChannel: no layout copies).
import type * as tf from '@tensorflow/tfjs';
import { MODE, SPARSE_LANES } from './kernels/abi';
import { perTask } from './kernels/instance';
import type { KernelRuntime } from './kernels/runtime';
import { sparseFormFor, type FilterShape, type SparseForm } from './sparseForm';

/** The geometry the sparse path needs (a subset of tfjs's Conv2DInfo). */
export interface SparseGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly outChannels: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** A dense layer x[batch, k] · W[k, n] as a geometry. */
export function denseGeometry(batch: number, k: number, n: number): SparseGeometry {
  return {
    batch,
    inHeight: 1,
    inWidth: 1,
    inChannels: k,
    outHeight: 1,
    outWidth: 1,
    outChannels: n,
    filterHeight: 1,
    filterWidth: 1,
    strideHeight: 1,
    strideWidth: 1,
    padTop: 0,
    padLeft: 0,
  };
}

export function convGeometry(info: tf.backend_util.Conv2DInfo): SparseGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

/** dst = src with its four axes' byte strides s (src) and t (dst): the layout copies between NHWC and batch-innermost. */
export function permute(rt: KernelRuntime, src: number, dst: number, d: readonly [number, number, number, number], s: readonly number[], t: readonly number[]): void {
  const tasks = rt.threads <= 1 ? 1 : Math.min(d[0], rt.threads * 4);
  const perTask = Math.ceil(d[0] / tasks);
  const [s0, s1, s2, s3] = s;
  const [t0, t1, t2, t3] = t;
  rt.run('permute', { src, dst, d0: d[0], d1: d[1], d2: d[2], d3: d[3], s0, s1, s2, s3, t0, t1, t2, t3, perTask }, Math.ceil(d[0] / perTask));
}

/** Byte offsets of the operands: x NHWC, out NHWC, bias (0: none). */
export interface SparsePtrs {
  readonly x: number;
  readonly out: number;
  readonly bias: number;
}

/** out = layer(x) with `form`'s weights (+ bias, ReLU when `relu` and a bias is given). */
export function runSparseForward(rt: KernelRuntime, form: SparseForm, p: SparsePtrs, g: SparseGeometry, relu: boolean): void {
  const n = g.batch;
  const np = Math.ceil(n / 4) * 4;
  const c = g.inChannels;
  const hp = Math.max(g.inHeight + g.padTop, (g.outHeight - 1) * g.strideHeight + g.filterHeight);
  const wp = Math.max(g.inWidth + g.padLeft, (g.outWidth - 1) * g.strideWidth + g.filterWidth);
  const pix = g.outHeight * g.outWidth;
  const cout = g.outChannels;
  const xBytes = 4 * hp * wp * c * np;
  const xt = rt.malloc(xBytes);
  const ot = rt.malloc(4 * cout * pix * np);
  try {
    if (np !== n || hp !== g.inHeight || wp !== g.inWidth) rt.f32(xt, xBytes / 4).fill(0);
    const lane = 4 * np;
    const at = xt + lane * c * (g.padTop * wp + g.padLeft);
    if (g.inHeight * g.inWidth === 1) {
      // x[n, k] → xt[k, n]: tasks over k, each a strided read of one column.
      permute(rt, p.x, at, [c, 1, 1, n], [4, 0, 0, 4 * c], [lane, 0, 0, 4]);
    } else {
      // x[n, y, x, c] → xt[y, x, c, n]: tasks over rows y (threads write disjoint rows).
      permute(rt, p.x, at, [g.inHeight, n, g.inWidth, c], [4 * g.inWidth * c, 4 * g.inHeight * g.inWidth * c, 4 * c, 4], [lane * wp * c, 4, lane * c, lane]);
    }
    form.useLayout(wp, np);
    const bBlocks = Math.ceil(np / SPARSE_LANES);
    const want = rt.threads <= 1 ? 1 : rt.threads * 8;
    const chunks = Math.min(cout, Math.max(1, Math.ceil(want / bBlocks)));
    const coPerTask = Math.ceil(cout / chunks);
    const mode = p.bias ? (relu ? MODE.biasRelu : MODE.bias) : MODE.store;
    rt.run(
      'sp_fwd',
      {
        x: xt,
        rows: form.rows,
        offs: form.offs,
        vals: form.vals,
        bias: p.bias,
        out: ot,
        cout,
        oh: g.outHeight,
        ow: g.outWidth,
        xOy: lane * c * wp * g.strideHeight,
        xOx: lane * c * g.strideWidth,
        np,
        bBlocks,
        coPerTask,
        mode,
      },
      bBlocks * Math.ceil(cout / coPerTask),
    );
    // ot[co, pixel, n] → out[n, pixel, co]: tasks over images.
    permute(rt, ot, p.out, [n, pix, 1, cout], [4, lane, 0, 4 * pix * np], [4 * pix * cout, 4 * cout, 0, 4]);
  } finally {
    rt.free(xt);
    rt.free(ot);
  }
}

/** Where a one-channel conv's input lies, already padded: rows of `iwp` pixels, images of `ihp` rows. */
export interface PaddedInput {
  readonly ptr: number;
  readonly ihp: number;
  readonly iwp: number;
}

/** out = conv(x) of a stride-1 one-channel conv on the direct sparse kernel (sp1_fwd), in place in NHWC. */
export function runSparseOneChannel(rt: KernelRuntime, form: SparseForm, input: PaddedInput, p: SparsePtrs, g: SparseGeometry, relu: boolean): void {
  form.useLayout(input.iwp, 0);
  const rows = g.batch * g.outHeight;
  const rowsPerTask = perTask(rt, rows, 4, 16);
  const mode = p.bias ? (relu ? MODE.biasRelu : MODE.bias) : MODE.store;
  rt.run(
    'sp1_fwd',
    { x: input.ptr, csr: form.rows, offs: form.offs, vals: form.vals, bias: p.bias, out: p.out, rows, oh: g.outHeight, ow: g.outWidth, cout: g.outChannels, xRow: 4 * input.iwp, xImg: 4 * input.ihp * input.iwp, mode, rowsPerTask },
    Math.ceil(rows / rowsPerTask),
  );
}

/**
 * The forward pass of a conv or dense layer on the sparse kernel when its weights (`filter`, at
 * byte offset `w`) have a sparse form; false: the caller runs the dense kernel.
 */
export function trySparseForward(rt: KernelRuntime, filter: { dataId: object }, w: number, shape: FilterShape, g: SparseGeometry, p: SparsePtrs, relu: boolean): boolean {
  const size = shape[0] * shape[1] * shape[2] * shape[3];
  const form = sparseFormFor(rt, filter.dataId, shape, g.batch, () => rt.f32(w, size).slice());
  if (form == null) return false;
  runSparseForward(rt, form, p, g, relu);
  return true;
}
