// A training step of a layer whose pruning mask is held (heldSparsity.ts), on the sparse
// kernels: the forward pass and, for a 1×1 filter (a dense layer), the input gradient as sparse ×
// dense products (the sparse forward driver with the held CSR and with its transpose), and the
// weight gradient only at the kept positions (kernels/gen/sparseGradDrivers.ts). Every value is
// bit-identical to the dense kernels': each sum skips only exact-zero terms and adds the rest in
// the dense kernel's order. Pruned positions get a zero gradient (the mask is re-applied anyway).
//
// Why this file exists: ownConv.ts and ownMatMul.ts ask here first; each function returns false
// when its case is not a held sparse layer (no mask held, too dense, a small batch, fewer than 4
// output channels), and the dense kernels run as before. A larger filter's input gradient stays
// on the dense kernel: its col2im adds each tap's sum into dx in an order of its own blocks.
import { dwImagesPerGroup, dwTiles } from './dwOrder';
import { DW_CHUNK_IMAGES, SPARSE_LANES } from './kernels/abi';
import type { KernelRuntime } from './kernels/runtime';
import { heldInput, heldWeight, noteInput, type Forms } from './heldSparsity';
import { denseGeometry, permute, runSparseForward, type SparseGeometry, type SparsePtrs } from './ownSparse';
import { SPARSE_MIN_BATCH, type FilterShape, type SparseForm } from './sparseForm';

interface Data {
  readonly dataId: object;
}

/** The forward pass on the held layer's sparse form (values gathered from the weights at `w`); notes the input for the weight gradient. */
export function tryHeldForward(rt: KernelRuntime, filter: Data, w: number, shape: FilterShape, g: SparseGeometry, p: SparsePtrs, relu: boolean, x: Data): boolean {
  const layer = heldWeight(filter.dataId, shape);
  if (layer == null) return false;
  noteInput(x.dataId, layer);
  if (g.batch < SPARSE_MIN_BATCH) return false;
  runSparseForward(rt, layer.formsIn(rt).values('fwd', filter.dataId, w), p, g, relu);
  return true;
}

/**
 * dx of a held layer (forward geometry `g`): a 1×1, stride-1 filter (a dense layer) on the
 * transposed held filter (sp_dx: one sum over the kept output channels, as the dense product sums),
 * any other on the kept channels of each tap in the dense kernel's col2im order (sp_dxc).
 */
export function tryHeldBackpropInput(rt: KernelRuntime, filter: Data, w: number, shape: FilterShape, g: SparseGeometry, dy: number, dx: number): boolean {
  if (g.batch < SPARSE_MIN_BATCH) return false;
  const layer = heldWeight(filter.dataId, shape);
  if (layer == null) return false;
  const forms = layer.formsIn(rt);
  if (g.filterHeight * g.filterWidth === 1 && g.strideHeight === 1 && g.strideWidth === 1) runHeldBackpropInput(rt, forms, forms.values('bwd', filter.dataId, w), dy, dx, g);
  else runHeldConvBackpropInput(rt, forms, w, dy, dx, g);
  return true;
}

/** dx[N, IH, IW, Cin] from dy (NHWC) on the kept channels of each tap (weights gathered from `w`), summed and added as conv_dx does. */
export function runHeldConvBackpropInput(rt: KernelRuntime, forms: Forms, w: number, dy: number, dx: number, g: SparseGeometry): void {
  const n = g.batch;
  const np = Math.ceil(n / 4) * 4;
  const lane = 4 * np;
  const [ih, iw, cin, oh, ow, cout, kh] = [g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels, g.filterHeight];
  const ihp = Math.max(ih + g.padTop, (oh - 1) * g.strideHeight + kh);
  const iwp = Math.max(iw + g.padLeft, (ow - 1) * g.strideWidth + g.filterWidth);
  const pix = oh * ow;
  const dyt = rt.malloc(lane * cout * pix);
  const dxt = rt.malloc(lane * ihp * iwp * cin);
  try {
    // dy[n, pixel, co] → dyt[pixel, co, n]; lanes past the batch only reach dx lanes never read back.
    permute(rt, dy, dyt, [pix, cout, 1, n], [4 * cout, 4, 0, 4 * pix * cout], [lane * cout, lane, 0, 4]);
    rt.f32(dxt, (lane / 4) * ihp * iwp * cin).fill(0);
    forms.taps.gather(w);
    const dxRow = lane * iwp * cin;
    const { rows, cos, vals } = forms.taps;
    const geometry = { ppi: pix, ow, kh, kwc: g.filterWidth * cin, lane, dyPix: lane * cout, dxRow, dxOy: dxRow * g.strideHeight, dxOx: lane * cin * g.strideWidth, np };
    rt.run('sp_dxc', { dy: dyt, rows, cos, vals, dx: dxt, ...geometry }, Math.ceil(np / SPARSE_LANES));
    // dxt[iy, ix, ci, n] (cropped) → dx[n, iy, ix, ci]: tasks over rows.
    const at = dxt + lane * cin * (g.padTop * iwp + g.padLeft);
    permute(rt, at, dx, [ih, iw, cin, n], [dxRow, lane * cin, lane, 4], [4 * iw * cin, 4 * cin, 4, 4 * ih * iw * cin]);
  } finally {
    rt.free(dyt);
    rt.free(dxt);
  }
}

/** dx[N, IH, IW, Cin] from dy (NHWC) of a stride-1 layer on its transposed form (values gathered). */
export function runHeldBackpropInput(rt: KernelRuntime, forms: Forms, form: SparseForm, dy: number, dx: number, g: SparseGeometry): void {
  const [kh, kw] = [g.filterHeight, g.filterWidth];
  const pt = kh - 1 - g.padTop;
  const pl = kw - 1 - g.padLeft;
  const n = g.batch;
  const np = Math.ceil(n / 4) * 4;
  const lane = 4 * np;
  const [ih, iw, cin, oh, ow, cout] = [g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.outChannels];
  const hp = Math.max(oh + pt, ih - 1 + kh);
  const wp = Math.max(ow + pl, iw - 1 + kw);
  const pix = ih * iw;
  const xt = rt.malloc(lane * hp * wp * cout);
  const ot = rt.malloc(lane * cin * pix);
  try {
    // Lanes past the batch and the padding are never read into a kept image's result: no fill.
    const at = xt + lane * cout * (pt * wp + pl);
    if (oh * ow === 1) permute(rt, dy, at, [cout, 1, 1, n], [4, 0, 0, 4 * cout], [lane, 0, 0, 4]);
    else permute(rt, dy, at, [oh, n, ow, cout], [4 * ow * cout, 4 * oh * ow * cout, 4 * cout, 4], [lane * wp * cout, 4, lane * cout, lane]);
    form.useLayout(wp, np);
    const bBlocks = Math.ceil(np / SPARSE_LANES);
    const want = rt.threads <= 1 ? 1 : rt.threads * 8;
    const rowsPerTask = Math.ceil(cin / Math.min(cin, Math.max(1, Math.ceil(want / bBlocks))));
    const geometry = { rows: cin, kh, kw, ih, iw, oh, ow, pt, pl, xOy: lane * cout * wp, xOx: lane * cout };
    rt.run('sp_dx', { x: xt, grp: forms.groups, offs: form.offs, vals: form.vals, out: ot, ...geometry, np, bBlocks, rowsPerTask }, bBlocks * Math.ceil(cin / rowsPerTask));
    // ot[ci, pixel, n] → dx[n, pixel, ci]: tasks over images.
    permute(rt, ot, dx, [n, pix, 1, cin], [4, lane, 0, 4 * pix * np], [4 * pix * cin, 4 * cin, 0, 4]);
  } finally {
    rt.free(xt);
    rt.free(ot);
  }
}

/**
 * Largest share of the dense weight gradient's vectors (kept tiles) the held one runs at: each
 * tile is a separate sum with its own loads, a few times slower per vector than the dense kernel's
 * register blocks, so a layer whose kept positions touch more tiles keeps the dense kernel.
 */
const DW_MAX_TILE_FRACTION = 0.5;

/**
 * dW (dense layout, zero at pruned positions) of the held layer whose forward read `x` (at byte
 * offset `xp`), from dy (NHWC) at `dy`; `product`: a dense layer's Aᵀ·B (one sum over the batch)
 * rather than a convolution's filter gradient (chunks and groups of images), whose order it keeps.
 */
export function tryHeldWeightGrad(rt: KernelRuntime, x: Data, xp: number, dy: number, dw: number, shape: FilterShape, g: SparseGeometry, product = false): boolean {
  if (g.batch < SPARSE_MIN_BATCH || shape[3] < 4) return false;
  const layer = heldInput(x.dataId, shape);
  const forms = layer?.formsIn(rt);
  if (forms == null || forms.tileFraction > DW_MAX_TILE_FRACTION) return false;
  runHeldWeightGrad(rt, forms, xp, dy, dw, shape, g, product);
  return true;
}

/** dW (dense layout, zero at pruned positions) from x and dy (NHWC) on the kept tiles, each kept position summed as the dense kernel sums it. */
export function runHeldWeightGrad(rt: KernelRuntime, forms: Forms, xp: number, dy: number, dw: number, shape: FilterShape, g: SparseGeometry, product = false): void {
  const n = g.batch;
  const c = g.inChannels;
  const [top, left] = [g.padTop, g.padLeft];
  const ihp = Math.max(g.inHeight + top, (g.outHeight - 1) * g.strideHeight + g.filterHeight);
  const iwp = Math.max(g.inWidth + left, (g.outWidth - 1) * g.strideWidth + g.filterWidth);
  const padded = top > 0 || left > 0 || ihp > g.inHeight || iwp > g.inWidth;
  const xt = padded ? rt.malloc(4 * n * ihp * iwp * c) : xp;
  try {
    if (padded) rt.run('pad', { src: xp, dst: xt, ih: g.inHeight, iw: g.inWidth, c, pt: top, pl: left, ihp, iwp }, n);
    rt.f32(dw, shape[0] * shape[1] * shape[2] * shape[3]).fill(0);
    if (forms.tileTasks === 0) return;
    const order = product ? { chunk: n, imagesPerGroup: n } : { chunk: DW_CHUNK_IMAGES, imagesPerGroup: dwImagesPerGroup(dwTiles(shape[0], shape[1] * c), n) };
    const geometry = { n, oh: g.outHeight, ow: g.outWidth, xImg: 4 * ihp * iwp * c, xOy: 4 * iwp * c * g.strideHeight, xFy: 4 * iwp * c, pix: 4 * c * g.strideWidth, dyPix: 4 * g.outChannels };
    rt.run('sp_dw', { x: xt, dy, tiles: forms.tiles, starts: forms.tileStarts, dw, ...geometry, ...order }, forms.tileTasks);
  } finally {
    if (padded) rt.free(xt);
  }
}

/** Byte offsets of a product's operands. */
export interface ProductPtrs {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly bias: number;
}

/**
 * A dense layer's product op(a)[m, k]·op(b)[k, n] on the held sparse kernels: the forward pass
 * x·W, the input gradient dy·Wᵀ or the weight gradient xᵀ·dy; false: not a held layer's product.
 */
export function tryHeldMatMul(rt: KernelRuntime, a: Data, b: Data, p: ProductPtrs, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, relu: boolean): boolean {
  if (!transposeA && !transposeB) return tryHeldForward(rt, b, p.b, [1, 1, k, n], denseGeometry(m, k, n), { x: p.a, out: p.c, bias: p.bias }, relu, a);
  if (p.bias) return false;
  if (!transposeA) return tryHeldBackpropInput(rt, b, p.b, [1, 1, n, k], denseGeometry(m, n, k), p.a, p.c);
  if (!transposeB) return tryHeldWeightGrad(rt, a, p.a, p.b, p.c, [1, 1, m, n], denseGeometry(k, m, n), true);
  return false;
}
