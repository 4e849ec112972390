// Conv2D gradient kernels for the tfjs 'wasm' backend, built from its fast forward Conv2D.
//
// Why this file exists: @tensorflow/tfjs-backend-wasm 4.22 has no
// `Conv2DBackpropFilter` kernel at all (so tf.grad of any conv2d w.r.t. its filter
// throws "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"), and its
// `Conv2DBackpropInput` is a naive scalar loop. Both gradients are themselves
// correlations, so we express them with the backend's XNNPACK-backed Conv2D kernel:
//
//   dW = conv2d(xᵀ, dyᵀ): x [N,H,W,Cin] -> [Cin,H,W,N] (the batch becomes the reduction
//        axis), dy [N,OH,OW,Cout] -> [OH,OW,N,Cout] used as the filter, with
//        dilation = the original stride and the original top/left padding; the result
//        [Cin,KH,KW,Cout] is transposed to [KH,KW,Cin,Cout].
//   dx = conv2d(dy, flip(W)ᵀ) with "full" padding (KH-1-padTop, KW-1-padLeft): the
//        filter is flipped spatially and its in/out channels swapped. Only valid for
//        stride 1; any other config is delegated to the original wasm kernel.
//
// Only NHWC is supported (as is the case for the wasm forward Conv2D itself); dilated
// convolutions have no gradient in tfjs anyway. Intermediates are freed before returning
// (see kernelUtils.ts).
import * as tf from '@tensorflow/tfjs';
import { backpropInputByMatMul, prefersMatMulRoute } from './backpropInputMatMul';
import {
  as4D,
  disposeAll,
  explicitPad,
  input,
  runWasmKernel,
  type ExplicitPad,
  type KernelArgs,
  type PadAttr,
  type Shape4D,
} from './kernelUtils';
import { ownConvBackpropFilter, ownConvBackpropInput } from './ownConv';

export const BACKPROP_FILTER = 'Conv2DBackpropFilter';
export const BACKPROP_INPUT = 'Conv2DBackpropInput';

/** dW via Conv2D; see the header comment. */
export function conv2DBackpropFilterViaConv2D(args: KernelArgs): tf.TensorInfo {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const x = input(inputs, 'x', BACKPROP_FILTER);
  const dy = input(inputs, 'dy', BACKPROP_FILTER);
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(
      `Conv2DBackpropFilter (wasm, PruneLab): only dataFormat 'NHWC' is supported, got '${attrs.dataFormat}'`,
    );
  }
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`Conv2DBackpropFilter (wasm, PruneLab): only float32 is supported`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    as4D(x.shape, 'x'),
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const dyShape = as4D(dy.shape, 'dy');
  if (
    dyShape[0] !== info.batchSize ||
    dyShape[1] !== info.outHeight ||
    dyShape[2] !== info.outWidth ||
    dyShape[3] !== info.outChannels
  ) {
    throw new Error(
      `Conv2DBackpropFilter (wasm, PruneLab): dy shape [${dyShape.join(',')}] does not match the ` +
        `conv output [${info.outShape.join(',')}]`,
    );
  }
  const own = ownConvBackpropFilter(backend, x, dy, info);
  if (own) return own;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  // Rows/cols of the padded input actually touched by the forward conv.
  const needH = (info.outHeight - 1) * sh + kh;
  const needW = (info.outWidth - 1) * sw + kw;
  const bottom = Math.max(0, needH - info.inHeight - top);
  const right = Math.max(0, needW - info.inWidth - left);
  // Rows the forward conv never reached (valid/explicit with a remainder) make the
  // correlation below larger than the filter; those are sliced off at the end.
  const gotH = info.inHeight + top + bottom - (info.outHeight - 1) * sh;
  const gotW = info.inWidth + left + right - (info.outWidth - 1) * sw;

  const temps: tf.TensorInfo[] = [];
  try {
    const xT = runWasmKernel('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }); // [Cin,H,W,N]
    temps.push(xT);
    const dyT = runWasmKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }); // [OH,OW,N,Cout]
    temps.push(dyT);
    let corr = runWasmKernel(
      'Conv2D',
      backend,
      { x: xT, filter: dyT },
      {
        strides: [1, 1],
        dilations: [sh, sw],
        pad: explicitPad(top, bottom, left, right),
        dataFormat: 'NHWC',
      },
    ); // [Cin,gotH,gotW,Cout]
    temps.push(corr);
    if (gotH !== kh || gotW !== kw) {
      corr = runWasmKernel(
        'Slice',
        backend,
        { x: corr },
        { begin: [0, 0, 0, 0], size: [info.inChannels, kh, kw, info.outChannels] },
      );
      temps.push(corr);
    }
    return runWasmKernel('Transpose', backend, { x: corr }, { perm: [1, 2, 0, 3] }); // [KH,KW,Cin,Cout]
  } finally {
    disposeAll(backend, temps);
  }
}

/** The forward conv's geometry as tfjs sees it (NHWC), or null for NCHW. */
function nhwcConvInfo(
  inputShape: Shape4D,
  filterShape: Shape4D,
  strides: [number, number] | number,
  pad: PadAttr,
  dataFormat: 'NHWC' | 'NCHW',
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.backend_util.Conv2DInfo | null {
  if (dataFormat !== 'NHWC') return null;
  return tf.backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
}

/** Full-correlation paddings for dx of the conv described by `info`, or null when the fast path does not apply. */
function fastPathPads(info: tf.backend_util.Conv2DInfo): ExplicitPad | null {
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  const bottom = info.inHeight + info.filterHeight - 1 - info.outHeight - top;
  const right = info.inWidth + info.filterWidth - 1 - info.outWidth - left;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return null;
  return explicitPad(top, bottom, left, right);
}

/** Full-correlation paddings for dx, or null when the fast path does not apply. */
export function backpropInputFastPathPads(
  inputShape: Shape4D,
  filterShape: Shape4D,
  strides: [number, number] | number,
  pad: PadAttr,
  dataFormat: 'NHWC' | 'NCHW',
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ExplicitPad | null {
  const info = nhwcConvInfo(inputShape, filterShape, strides, pad, dataFormat, dimRoundingMode);
  return info && fastPathPads(info);
}

/** dx via Conv2D (or matmul + col2im) for stride 1 / NHWC; otherwise the original wasm kernel. */
export function conv2DBackpropInputViaConv2D(
  args: KernelArgs,
  original: tf.KernelFunc,
): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const dy = input(inputs, 'dy', BACKPROP_INPUT);
  const filter = input(inputs, 'filter', BACKPROP_INPUT);
  const info =
    dy.dtype === 'float32' && filter.dtype === 'float32'
      ? nhwcConvInfo(attrs.inputShape, as4D(filter.shape, 'filter'), attrs.strides, attrs.pad, attrs.dataFormat, attrs.dimRoundingMode)
      : null;
  const own = info && ownConvBackpropInput(backend, dy, filter, info);
  if (own) return own;
  const pads = info && fastPathPads(info);
  if (info == null || pads == null) return original(args);
  if (prefersMatMulRoute(info)) return backpropInputByMatMul(dy, filter, info, backend);
  const temps: tf.TensorInfo[] = [];
  try {
    const flipped = runWasmKernel('Reverse', backend, { x: filter }, { dims: [0, 1] });
    temps.push(flipped);
    const swapped = runWasmKernel('Transpose', backend, { x: flipped }, { perm: [0, 1, 3, 2] }); // [KH,KW,Cout,Cin]
    temps.push(swapped);
    return runWasmKernel(
      'Conv2D',
      backend,
      { x: dy, filter: swapped },
      { strides: [1, 1], dilations: [1, 1], pad: pads, dataFormat: 'NHWC' },
    );
  } finally {
    disposeAll(backend, temps);
  }
}
