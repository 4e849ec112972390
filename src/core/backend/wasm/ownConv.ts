// Conv2D, FusedConv2D (bias, ReLU), Conv2DBackpropFilter and Conv2DBackpropInput on
// PruneLab's own wasm kernels (./kernels/), operating in place on tfjs-wasm's memory.
//
// Why this file exists: these four are most of a LeNet-5 training step. Each function here
// returns null when its case is not covered (NCHW, dilation, non-float32, kernels not loaded),
// and the registered kernel then takes its previous route (convGrads.ts, XNNPACK).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { MODE, MR_C } from './kernels/abi';
import { kernelRuntime, offsetOf, perTask } from './kernels/instance';
import type { KernelRuntime } from './kernels/runtime';

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

/** out = conv(x, W) (+ bias, ReLU) for FusedConv2D / Conv2D. */
export function ownConvForward(
  backend: object,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: Info,
  bias: tf.TensorInfo | null,
  relu: boolean,
): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (bias != null && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== info.outChannels)) return null;
  if (relu && bias == null) return null;
  const out = (backend as BackendWasm).makeOutput(info.outShape, 'float32');
  const input = paddedInput(rt, offsetOf(backend, x), info);
  try {
    const cin = info.inChannels;
    const rows = info.batchSize * info.outHeight;
    const rowsPerTask = perTask(rt, rows, 1, 4);
    rt.run(
      'conv_fwd',
      {
        x: input.ptr,
        w: offsetOf(backend, filter),
        bias: bias ? offsetOf(backend, bias) : 0,
        out: offsetOf(backend, out),
        rows,
        oh: info.outHeight,
        ow: info.outWidth,
        cout: info.outChannels,
        kh: info.filterHeight,
        kwc: info.filterWidth * cin,
        pix: 4 * cin * info.strideWidth,
        xFy: 4 * input.iwp * cin,
        xOy: 4 * input.iwp * cin * info.strideHeight,
        xImg: 4 * input.ihp * input.iwp * cin,
        mode: bias ? (relu ? MODE.biasRelu : MODE.bias) : MODE.store,
        rowsPerTask,
      },
      Math.ceil(rows / rowsPerTask),
    );
  } finally {
    input.free();
  }
  return out;
}

/** dW[KH,KW,Cin,Cout] = Σ x ⋆ dy. */
export function ownConvBackpropFilter(backend: object, x: tf.TensorInfo, dy: tf.TensorInfo, info: Info): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || x.dtype !== 'float32' || dy.dtype !== 'float32') return null;
  const out = (backend as BackendWasm).makeOutput([info.filterHeight, info.filterWidth, info.inChannels, info.outChannels], 'float32');
  const input = paddedInput(rt, offsetOf(backend, x), info);
  try {
    const cin = info.inChannels;
    const kwc = info.filterWidth * cin;
    const tilesPerSpan = Math.ceil(kwc / MR_C);
    const tiles = info.filterHeight * tilesPerSpan;
    const tilesPerTask = perTask(rt, tiles, 1, 3);
    rt.run(
      'conv_dw',
      {
        x: input.ptr,
        dy: offsetOf(backend, dy),
        out: offsetOf(backend, out),
        n: info.batchSize,
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
      },
      Math.ceil(tiles / tilesPerTask),
    );
  } finally {
    input.free();
  }
  return out;
}

/** dx[N,IH,IW,Cin] = dy scattered through W (col2im fused), cropped from a padded buffer when the conv pads. */
export function ownConvBackpropInput(backend: object, dy: tf.TensorInfo, filter: tf.TensorInfo, info: Info): tf.TensorInfo | null {
  const rt = kernelRuntime(backend);
  if (rt == null || dy.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  const out = (backend as BackendWasm).makeOutput([info.batchSize, info.inHeight, info.inWidth, info.inChannels], 'float32');
  const cin = info.inChannels;
  const k = info.filterHeight * info.filterWidth * cin;
  const p = padded(info);
  const wt = rt.malloc(4 * k * info.outChannels);
  const dx = p.padded ? rt.malloc(4 * info.batchSize * p.ihp * p.iwp * cin) : offsetOf(backend, out);
  try {
    rt.run('transpose', { src: offsetOf(backend, filter), dst: wt, r: k, c: info.outChannels, rowsPerTask: k }, 1);
    rt.run(
      'conv_dx',
      {
        dy: offsetOf(backend, dy),
        wt,
        dx,
        oh: info.outHeight,
        ow: info.outWidth,
        cout: info.outChannels,
        kh: info.filterHeight,
        kwc: info.filterWidth * cin,
        k,
        ihp: p.ihp,
        iwp: p.iwp,
        cin,
        sh: info.strideHeight,
        sw: info.strideWidth,
      },
      info.batchSize,
    );
    if (p.padded) {
      const geometry = { ih: info.inHeight, iw: info.inWidth, c: cin, pt: info.padInfo.top, pl: info.padInfo.left, ihp: p.ihp, iwp: p.iwp };
      rt.run('crop', { src: dx, dst: offsetOf(backend, out), ...geometry }, info.batchSize);
    }
  } finally {
    rt.free(wt);
    if (p.padded) rt.free(dx);
  }
  return out;
}
