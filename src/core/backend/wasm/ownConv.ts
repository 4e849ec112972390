// Conv2D, FusedConv2D (bias, ReLU), Conv2DBackpropFilter and Conv2DBackpropInput on
// PruneLab's own wasm kernels (./kernels/), operating in place on tfjs-wasm's memory.
//
// Why this file exists: these four are most of a LeNet-5 training step. Each function here
// returns null when its case is not covered (NCHW, dilation, non-float32, kernels not loaded),
// and the registered kernel then takes its previous route (convGrads.ts, XNNPACK).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { DW_CHUNK_IMAGES, MODE, MR_C, MR_S, PANEL } from './kernels/abi';
import { kernelRuntime, offsetOf, perTask } from './kernels/instance';
import type { KernelRuntime } from './kernels/runtime';
import { convGeometry, runSparseOneChannel, trySparseForward } from './ownSparse';
import { sparseFormFor, takesOneChannelKernel } from './sparseForm';

type Info = tf.backend_util.Conv2DInfo;

/** Geometry of an NHWC, float32, undilated conv that the kernels take, or null. */
export function ownConvInfo(
  xShape: number[],
  filterShape: number[],
  strides: [number, number] | number,
  pad: tf.Conv2DAttrs['pad'],
  dataFormat: 'NHWC' | 'NCHW',
  dilations: [number, number] | number | undefined,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): Info | null {
  if (dataFormat !== 'NHWC' || xShape.length !== 4 || filterShape.length !== 4) return null;
  const d = dilations ?? 1;
  if ((Array.isArray(d) ? d[0] !== 1 || d[1] !== 1 : d !== 1)) return null;
  const info = tf.backend_util.computeConv2DInfo(
    [xShape[0], xShape[1], xShape[2], xShape[3]],
    [filterShape[0], filterShape[1], filterShape[2], filterShape[3]],
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const { top, left, bottom, right } = info.padInfo;
  return top < 0 || left < 0 || bottom < 0 || right < 0 || info.outHeight <= 0 || info.outWidth <= 0 ? null : info;
}

/** Padded input rows/cols (pad + the rows a window can reach). */
function padded(info: Info): { ihp: number; iwp: number; padded: boolean } {
  const { top, left } = info.padInfo;
  const ihp = Math.max(info.inHeight + top, (info.outHeight - 1) * info.strideHeight + info.filterHeight);
  const iwp = Math.max(info.inWidth + left, (info.outWidth - 1) * info.strideWidth + info.filterWidth);
  return { ihp, iwp, padded: top > 0 || left > 0 || ihp > info.inHeight || iwp > info.inWidth };
}

/** The input, zero-padded into scratch memory when the conv pads; `free` releases the scratch. */
function paddedInput(rt: KernelRuntime, x: number, info: Info): { ptr: number; ihp: number; iwp: number; free: () => void } {
  const p = padded(info);
  if (!p.padded) return { ptr: x, ihp: info.inHeight, iwp: info.inWidth, free: () => undefined };
  const c = info.inChannels;
  const ptr = rt.malloc(4 * info.batchSize * p.ihp * p.iwp * c);
  rt.run('pad', { src: x, dst: ptr, ih: info.inHeight, iw: info.inWidth, c, pt: info.padInfo.top, pl: info.padInfo.left, ihp: p.ihp, iwp: p.iwp }, info.batchSize);
  return { ptr, ihp: p.ihp, iwp: p.iwp, free: () => rt.free(ptr) };
}

/** Byte offsets of a conv's operands in the kernels' memory (bias 0: none). */
export interface ConvPtrs {
  readonly x: number;
  readonly w: number;
  readonly out: number;
  readonly bias?: number;
}

/** Scratch memory that is freed when `body` returns. */
function withScratch<T>(rt: KernelRuntime, bytes: readonly number[], body: (...ptrs: number[]) => T): T {
  const ptrs: number[] = [];
  try {
    for (const b of bytes) ptrs.push(rt.malloc(b));
    return body(...ptrs);
  } finally {
    for (const p of ptrs) rt.free(p);
  }
}

/** PANEL-wide panels of `groups` column groups of a K-row matrix (see abi.ts `pack`). */
function pack(rt: KernelRuntime, src: number, dst: number, k: number, gLen: number, groups: number, sK: number, sN: number, sG: number): void {
  rt.run('pack', { src, dst, k, gLen, panels: Math.ceil(gLen / PANEL), sK, sN, sG }, groups);
}

/** True for a conv the one-channel kernel (conv1_fwd, pixels in the vector lanes) takes. */
function oneChannel(info: Info): boolean {
  return takesOneChannelKernel(info.inChannels, info.strideHeight, info.strideWidth, info.outWidth, info.outChannels);
}

/** out[N,OH,OW,Cout] = conv(x, w) (+ bias, ReLU when `relu`); `general` skips the one-channel kernel (tests). */
export function runConvForward(rt: KernelRuntime, p: ConvPtrs, info: Info, relu: boolean, general = false): void {
  const input = paddedInput(rt, p.x, info);
  const bias = p.bias ?? 0;
  const mode = bias ? (relu ? MODE.biasRelu : MODE.bias) : MODE.store;
  if (oneChannel(info) && !general) {
    try {
      const rows = info.batchSize * info.outHeight;
      const rowsPerTask = perTask(rt, rows, 4, 16);
      const [kh, kw, cout] = [info.filterHeight, info.filterWidth, info.outChannels];
      const geometry = { rows, oh: info.outHeight, ow: info.outWidth, cout, kh, kw, xRow: 4 * input.iwp, xImg: 4 * input.ihp * input.iwp };
      withScratch(rt, [4 * PANEL * kh * kw * Math.ceil(cout / PANEL)], (wp) => {
        pack(rt, p.w, wp, kh * kw, cout, 1, 4 * cout, 4, 0);
        rt.run('conv1_fwd', { x: input.ptr, w: wp, bias, out: p.out, ...geometry, mode, rowsPerTask }, Math.ceil(rows / rowsPerTask));
      });
    } finally {
      input.free();
    }
    return;
  }
  const cin = info.inChannels;
  const cout = info.outChannels;
  const kwc = info.filterWidth * cin;
  const k = info.filterHeight * kwc;
  const pixels = info.batchSize * info.outHeight * info.outWidth;
  const pixPerTask = Math.ceil(perTask(rt, pixels, 4 * MR_S, 16) / MR_S) * MR_S;
  const tasks = Math.ceil(pixels / pixPerTask);
  try {
    withScratch(rt, [4 * PANEL * k * Math.ceil(cout / PANEL), 32 * tasks], (wp, scratch) => {
      pack(rt, p.w, wp, k, cout, 1, 4 * cout, 4, 0);
      rt.run(
        'conv_fwd',
        {
          x: input.ptr,
          w: wp,
          bias,
          out: p.out,
          pixels,
          oh: info.outHeight,
          ow: info.outWidth,
          cout,
          kh: info.filterHeight,
          kwc,
          pix: 4 * cin * info.strideWidth,
          xFy: 4 * input.iwp * cin,
          xOy: 4 * input.iwp * cin * info.strideHeight,
          xImg: 4 * input.ihp * input.iwp * cin,
          mode,
          pixPerTask,
          scratch,
        },
        tasks,
      );
    });
  } finally {
    input.free();
  }
}

/** Row tiles of dW below which the images are split into groups as well (see dwImageGroups). */
const TILE_TASKS = 16;

/**
 * Image groups for dW: with fewer row tiles than TILE_TASKS (too few tasks to share), the images
 * are split into groups summed separately and then added in group order. The split depends on
 * the shape only, never on the thread count, so dW is the same on any number of threads.
 */
function dwImageGroups(tiles: number, images: number): number {
  const chunks = Math.ceil(images / DW_CHUNK_IMAGES);
  return tiles >= TILE_TASKS ? 1 : Math.min(chunks, Math.ceil(TILE_TASKS / tiles));
}

/** out = dW[KH,KW,Cin,Cout] = Σ x ⋆ dy, with dy at `p.w`. */
export function runConvBackpropFilter(rt: KernelRuntime, p: ConvPtrs, info: Info): void {
  const input = paddedInput(rt, p.x, info);
  const cin = info.inChannels;
  const kwc = info.filterWidth * cin;
  const tilesPerSpan = Math.ceil(kwc / MR_C);
  const tiles = info.filterHeight * tilesPerSpan;
  const tilesPerTask = perTask(rt, tiles, 1, 16);
  const n = info.batchSize;
  const groups = dwImageGroups(tiles, n);
  const imagesPerGroup = Math.ceil(Math.ceil(n / DW_CHUNK_IMAGES) / groups) * DW_CHUNK_IMAGES;
  const usedGroups = Math.ceil(n / imagesPerGroup);
  const size = info.filterHeight * kwc * info.outChannels;
  try {
    withScratch(rt, [usedGroups > 1 ? 4 * size * usedGroups : 0], (partial) => {
      const args = {
        x: input.ptr,
        dy: p.w,
        out: usedGroups > 1 ? partial : p.out,
        n,
        oh: info.outHeight,
        ow: info.outWidth,
        cout: info.outChannels,
        kwc,
        tiles,
        tilesPerSpan,
        pix: 4 * cin * info.strideWidth,
        xOy: 4 * input.iwp * cin * info.strideHeight,
        xImg: 4 * input.ihp * input.iwp * cin,
        xFy: 4 * input.iwp * cin,
        tilesPerTask,
        imagesPerGroup,
        groupBytes: 4 * size,
      };
      rt.run('conv_dw', args, Math.ceil(tiles / tilesPerTask) * usedGroups);
      if (usedGroups > 1) rt.run('col_sum', { x: partial, partial: p.out, r: usedGroups, c: size, rowsPerTask: usedGroups }, 1);
    });
  } finally {
    input.free();
  }
}

/** out = dx[N,IH,IW,Cin] from dy at `p.x` and the filter at `p.w` (col2im fused, cropped when padded). */
export function runConvBackpropInput(rt: KernelRuntime, p: ConvPtrs, info: Info): void {
  const cin = info.inChannels;
  const cout = info.outChannels;
  const kh = info.filterHeight;
  const kwc = info.filterWidth * cin;
  const panels = Math.ceil(kwc / PANEL);
  const pad = padded(info);
  const n = info.batchSize;
  const dxBytes = pad.padded ? 4 * n * pad.ihp * pad.iwp * cin : 0;
  withScratch(rt, [4 * PANEL * cout * panels * kh, 32 * n, dxBytes], (wt, scratch, dxPadded) => {
    const dx = pad.padded ? dxPadded : p.out;
    // Wᵀ per filter row: panel j of row fy holds [Cout, PANEL] = W[fy, (PANEL·j + jj), :]ᵀ.
    pack(rt, p.w, wt, cout, kwc, kh, 4, 4 * cout, 4 * kwc * cout);
    rt.run(
      'conv_dx',
      {
        dy: p.x,
        wt,
        dx,
        oh: info.outHeight,
        ow: info.outWidth,
        cout,
        kh,
        kwc,
        panels,
        ihp: pad.ihp,
        iwp: pad.iwp,
        cin,
        sh: info.strideHeight,
        sw: info.strideWidth,
        scratch,
      },
      n,
    );
    if (pad.padded) {
      const geometry = { ih: info.inHeight, iw: info.inWidth, c: cin, pt: info.padInfo.top, pl: info.padInfo.left, ihp: pad.ihp, iwp: pad.iwp };
      rt.run('crop', { src: dx, dst: p.out, ...geometry }, n);
    }
  });
}

const f32 = (...ts: tf.TensorInfo[]) => ts.every((t) => t.dtype === 'float32');

/** FusedConv2D / Conv2D on the kernels, or null. */
export function ownConvForward(
  backend: object,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: Info,
  bias: tf.TensorInfo | null,
  relu: boolean,
): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || !f32(x, filter) || (relu && bias == null)) return null;
  if (bias != null && (!f32(bias) || tf.util.sizeFromShape(bias.shape) !== info.outChannels)) return null;
  const out = (backend as BackendWasm).makeOutput(info.outShape, 'float32');
  const ptrs = { x: offsetOf(backend, x), w: offsetOf(backend, filter), out: offsetOf(backend, out) };
  const shape = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels] as const;
  const sp = { x: ptrs.x, out: ptrs.out, bias: bias ? offsetOf(backend, bias) : 0 };
  if (oneChannel(info)) {
    const form = sparseFormFor(rt, filter.dataId, shape, info.batchSize, () => rt.f32(ptrs.w, tf.util.sizeFromShape(shape.slice())).slice(), 'oneChannel');
    if (form) {
      const input = paddedInput(rt, ptrs.x, info);
      try {
        runSparseOneChannel(rt, form, input, sp, convGeometry(info), relu);
      } finally {
        input.free();
      }
      return out;
    }
  } else if (trySparseForward(rt, filter, ptrs.w, shape, convGeometry(info), sp, relu)) return out;
  runConvForward(rt, bias ? { ...ptrs, bias: offsetOf(backend, bias) } : ptrs, info, relu);
  return out;
}

/** Conv2DBackpropFilter on the kernels, or null. */
export function ownConvBackpropFilter(backend: object, x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || !f32(x, dy)) return null;
  const out = (backend as BackendWasm).makeOutput([info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], 'float32');
  runConvBackpropFilter(rt, { x: offsetOf(backend, x), w: offsetOf(backend, dy), out: offsetOf(backend, out) }, info);
  return out;
}

/** Conv2DBackpropInput on the kernels, or null. */
export function ownConvBackpropInput(backend: object, dy: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || !f32(dy, filter)) return null;
  const out = (backend as BackendWasm).makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  runConvBackpropInput(rt, { x: offsetOf(backend, dy), w: offsetOf(backend, filter), out: offsetOf(backend, out) }, info);
  return out;
}
