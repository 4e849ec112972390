// Training (gradient) kernels for the tfjs 'wasm' backend: Conv2D gradients built from
// its fast forward Conv2D, plus a corrected MaxPoolGrad.
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
// MaxPoolGrad: the wasm 4.22 kernel seeds its running max with
// std::numeric_limits<float>::min() (the smallest *positive* float), so every pooling
// window whose values are all negative gets no gradient at all. Caffe-style LeNet-5
// pools raw (un-ReLU'd) conv outputs, so this silently corrupts conv gradients. It is
// replaced by a plain JS loop over the wasm heap that matches the cpu backend (first
// maximum wins, NaN-only windows get nothing).
//
// BatchMatMul: the wasm kernel only uses XNNPACK for un-transposed, batch-1 products; any
// transposeA/transposeB (which is what every dense-layer gradient asks for) drops to a
// naive blocked triple loop that is ~10x slower than the forward matmul. The wrapper
// materialises the transposed operand with the (fast) Transpose kernel and calls the
// original kernel without transpose flags; batched products are passed through.
//
// The conv kernels call the wasm backend's own kernel functions (Transpose, Reverse, Slice,
// Conv2D) at the TensorInfo level, so nothing passes through the engine: there is no
// tape recording and no tracked tensors; every intermediate is freed with
// backend.disposeData before returning. Only NHWC is supported (as is the case for
// the wasm forward Conv2D itself); dilated convolutions have no gradient in tfjs anyway.
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
// Side effect: registers the 'wasm' backend and its kernels, so the original
// Conv2DBackpropInput can be looked up and wrapped whichever is imported first.
import '@tensorflow/tfjs-backend-wasm';

const BACKEND = 'wasm';
const BACKPROP_FILTER = 'Conv2DBackpropFilter';
const BACKPROP_INPUT = 'Conv2DBackpropInput';
const MAX_POOL_GRAD = 'MaxPoolGrad';
const BATCH_MAT_MUL = 'BatchMatMul';
/** Marks kernel functions created by this module (Symbol.for: survives duplicate module instances). */
const OURS = Symbol.for('prunelab.wasmGradKernel');

type Shape4D = [number, number, number, number];
type PadAttr = tf.Conv2DBackpropFilterAttrs['pad'];
type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

interface KernelArgs {
  inputs: tf.NamedTensorInfoMap;
  backend: object;
  attrs?: tf.NamedAttrMap;
}

/** Stored on our replacement kernelFuncs: the wasm config each one replaced. */
const ORIGINAL = Symbol.for('prunelab.wasmGradKernel.original');

/** A fresh kernelFunc wrapping `impl`, marked as ours (and remembering what it replaced). */
function tag(impl: tf.KernelFunc, original?: tf.KernelConfig): tf.KernelFunc {
  const fn: tf.KernelFunc = (args) => impl(args);
  Object.defineProperty(fn, OURS, { value: true });
  if (original) Object.defineProperty(fn, ORIGINAL, { value: original });
  return fn;
}

function isOurs(config: tf.KernelConfig | undefined): boolean {
  return config != null && Reflect.get(config.kernelFunc, OURS) === true;
}

function replacedConfig(config: tf.KernelConfig): tf.KernelConfig | null {
  const original: unknown = Reflect.get(config.kernelFunc, ORIGINAL);
  return original != null && typeof original === 'object' ? (original as tf.KernelConfig) : null;
}

function input(inputs: tf.NamedTensorInfoMap, name: string, kernel: string): tf.TensorInfo {
  const t = inputs[name];
  if (t == null) throw new Error(`${kernel} (wasm): missing input '${name}'`);
  return t;
}

function as4D(shape: number[], what: string): Shape4D {
  if (shape.length !== 4) throw new Error(`${what} must be rank 4, got shape [${shape.join(',')}]`);
  return [shape[0], shape[1], shape[2], shape[3]];
}

/** Runs another registered wasm kernel at the TensorInfo level (no engine, no tape). */
function runWasmKernel(
  name: string,
  backend: object,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const config = tf.getKernel(name, BACKEND);
  if (config == null) throw new Error(`wasmGradKernels: kernel '${name}' is not registered for 'wasm'`);
  const out = config.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasmGradKernels: kernel '${name}' returned multiple outputs`);
  return out;
}

/** Frees intermediate TensorInfos created by runWasmKernel. */
function disposeAll(backend: object, infos: tf.TensorInfo[]): void {
  const b = backend as tf.KernelBackend;
  for (const info of infos) b.disposeData(info.dataId);
}

function explicitPad(top: number, bottom: number, left: number, right: number): ExplicitPad {
  return [
    [0, 0],
    [top, bottom],
    [left, right],
    [0, 0],
  ];
}

/** dW via Conv2D; see the header comment. */
function conv2DBackpropFilterViaConv2D(args: KernelArgs): tf.TensorInfo {
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

/** Full-correlation paddings for dx, or null when the fast path does not apply. */
export function backpropInputFastPathPads(
  inputShape: Shape4D,
  filterShape: Shape4D,
  strides: [number, number] | number,
  pad: PadAttr,
  dataFormat: 'NHWC' | 'NCHW',
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): ExplicitPad | null {
  if (dataFormat !== 'NHWC') return null;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const top = info.filterHeight - 1 - info.padInfo.top;
  const left = info.filterWidth - 1 - info.padInfo.left;
  const bottom = info.inHeight + info.filterHeight - 1 - info.outHeight - top;
  const right = info.inWidth + info.filterWidth - 1 - info.outWidth - left;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return null;
  return explicitPad(top, bottom, left, right);
}

/** dx via Conv2D for stride 1 / NHWC; otherwise the original wasm kernel. */
function conv2DBackpropInputViaConv2D(
  args: KernelArgs,
  original: tf.KernelFunc,
): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  const dy = input(inputs, 'dy', BACKPROP_INPUT);
  const filter = input(inputs, 'filter', BACKPROP_INPUT);
  const pads =
    dy.dtype === 'float32' && filter.dtype === 'float32'
      ? backpropInputFastPathPads(
          attrs.inputShape,
          as4D(filter.shape, 'filter'),
          attrs.strides,
          attrs.pad,
          attrs.dataFormat,
          attrs.dimRoundingMode,
        )
      : null;
  if (pads == null) return original(args);
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

/** Correct MaxPoolGrad (see header): dx[argmax of each window] += dy, cpu tie-breaking. */
function maxPoolGradFixed(args: KernelArgs): tf.TensorInfo {
  const { inputs } = args;
  const backend = args.backend as BackendWasm;
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const dy = input(inputs, 'dy', MAX_POOL_GRAD);
  const x = input(inputs, 'input', MAX_POOL_GRAD);
  if (x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error('MaxPoolGrad (wasm, PruneLab): only float32 is supported');
  }
  const info = tf.backend_util.computePool2DInfo(
    as4D(x.shape, 'input'),
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth } = info;
  const { effectiveFilterHeight, effectiveFilterWidth } = info;
  const { top, left } = info.padInfo;

  // Allocate first: heap views taken before a (possibly memory-growing) malloc go stale.
  const out = backend.makeOutput(x.shape, 'float32');
  const xs = backend.typedArrayFromHeap(x);
  const dys = backend.typedArrayFromHeap(dy);
  const dx = backend.typedArrayFromHeap(out);
  dx.fill(0);
  const maxVal = new Float32Array(c);
  const maxIdx = new Int32Array(c);
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const rCorner = yR * strideHeight - top;
      let rMin = rCorner;
      while (rMin < 0) rMin += dilationHeight;
      const rMax = Math.min(inHeight, rCorner + effectiveFilterHeight);
      for (let yC = 0; yC < outWidth; yC++) {
        const cCorner = yC * strideWidth - left;
        let cMin = cCorner;
        while (cMin < 0) cMin += dilationWidth;
        const cMax = Math.min(inWidth, cCorner + effectiveFilterWidth);
        maxVal.fill(Number.NEGATIVE_INFINITY);
        maxIdx.fill(-1);
        for (let r = rMin; r < rMax; r += dilationHeight) {
          for (let col = cMin; col < cMax; col += dilationWidth) {
            const base = ((b * inHeight + r) * inWidth + col) * c;
            for (let d = 0; d < c; d++) {
              const v = xs[base + d];
              if (v > maxVal[d]) {
                maxVal[d] = v;
                maxIdx[d] = base + d;
              }
            }
          }
        }
        const dyBase = ((b * outHeight + yR) * outWidth + yC) * c;
        for (let d = 0; d < c; d++) {
          const idx = maxIdx[d];
          if (idx >= 0) dx[idx] += dys[dyBase + d];
        }
      }
    }
  }
  return out;
}

/** BatchMatMul with transposes routed to XNNPACK by transposing explicitly (see header). */
function batchMatMulNoTranspose(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, backend } = args;
  const attrs = args.attrs as unknown as tf.BatchMatMulAttrs;
  const a = input(inputs, 'a', BATCH_MAT_MUL);
  const b = input(inputs, 'b', BATCH_MAT_MUL);
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

/** Replaces a wasm kernel with ours (keeping its setup/dispose hooks), unless already ours. */
function replaceKernel(name: string, make: (original: tf.KernelConfig) => tf.KernelFunc): void {
  const current = tf.getKernel(name, BACKEND);
  if (current == null) throw new Error(`registerWasmGradKernels: '${name}' is not registered for 'wasm'`);
  if (isOurs(current)) return;
  tf.unregisterKernel(name, BACKEND);
  const replacement: tf.KernelConfig = {
    kernelName: name,
    backendName: BACKEND,
    kernelFunc: tag(make(current), current),
  };
  if (current.setupFunc) replacement.setupFunc = current.setupFunc;
  if (current.disposeFunc) replacement.disposeFunc = current.disposeFunc;
  tf.registerKernel(replacement);
}

/** Restores a kernel replaced by replaceKernel. */
function restoreKernel(name: string): void {
  const current = tf.getKernel(name, BACKEND);
  const original = current != null && isOurs(current) ? replacedConfig(current) : null;
  if (original != null) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(original);
  }
}

/**
 * Registers PruneLab's wasm training kernels: Conv2DBackpropFilter (missing in tfjs),
 * Conv2DBackpropInput (fast path, delegating to the original for other configs) and a
 * fixed MaxPoolGrad. Idempotent, and safe to call before or after
 * `tf.setBackend('wasm')` (the kernels need no setup step; replaced kernels keep the
 * original's setup/dispose hooks so a later backend (re)initialisation still prepares
 * the delegated path).
 *
 * A Conv2DBackpropFilter that some other code (or a future tfjs) already registered for
 * wasm is left alone.
 */
export function registerWasmGradKernels(): void {
  if (tf.getKernel(BACKPROP_FILTER, BACKEND) == null) {
    tf.registerKernel({
      kernelName: BACKPROP_FILTER,
      backendName: BACKEND,
      kernelFunc: tag(conv2DBackpropFilterViaConv2D),
    });
  }
  replaceKernel(BACKPROP_INPUT, (original) => (args) => conv2DBackpropInputViaConv2D(args, original.kernelFunc));
  replaceKernel(MAX_POOL_GRAD, () => maxPoolGradFixed);
  replaceKernel(BATCH_MAT_MUL, (original) => (args) => batchMatMulNoTranspose(args, original.kernelFunc));
}

/**
 * Undoes registerWasmGradKernels (restores the original wasm Conv2DBackpropInput and
 * MaxPoolGrad, removes our Conv2DBackpropFilter). Meant for tests and benchmarks.
 */
export function unregisterWasmGradKernels(): void {
  if (isOurs(tf.getKernel(BACKPROP_FILTER, BACKEND))) tf.unregisterKernel(BACKPROP_FILTER, BACKEND);
  restoreKernel(BACKPROP_INPUT);
  restoreKernel(MAX_POOL_GRAD);
  restoreKernel(BATCH_MAT_MUL);
}

/** True when all kernels from this module are currently registered. */
export function wasmGradKernelsRegistered(): boolean {
  return [BACKPROP_FILTER, BACKPROP_INPUT, MAX_POOL_GRAD, BATCH_MAT_MUL].every((k) => isOurs(tf.getKernel(k, BACKEND)));
}
