// A corrected MaxPoolGrad kernel for the tfjs 'wasm' backend.
//
// Why this file exists: the wasm 4.22 kernel seeds its running max with
// std::numeric_limits<float>::min() (the smallest *positive* float), so every pooling
// window whose values are all negative gets no gradient at all. Caffe-style LeNet-5
// pools raw (un-ReLU'd) conv outputs, so this silently corrupts conv gradients. It is
// replaced by a plain JS loop over the wasm heap that matches the cpu backend (first
// maximum wins, NaN-only windows get nothing). LeNet-5's 2×2/2 'valid' pools that tile
// their input exactly take a specialised loop (no scratch arrays, every dx written once).
import * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { as4D, input, type KernelArgs } from './kernelUtils';
import { ownPool2x2Grad } from './ownReductions';

export const MAX_POOL_GRAD = 'MaxPoolGrad';

/** Correct MaxPoolGrad (see header): dx[argmax of each window] += dy, cpu tie-breaking. */
export function maxPoolGradFixed(args: KernelArgs): tf.TensorInfo {
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

  const tiles2x2 =
    info.filterHeight === 2 && info.filterWidth === 2 && strideHeight === 2 && strideWidth === 2 &&
    dilationHeight === 1 && dilationWidth === 1 && top === 0 && left === 0 &&
    inHeight === 2 * outHeight && inWidth === 2 * outWidth;
  const own = tiles2x2 ? ownPool2x2Grad(backend, x, dy, batchSize * outHeight, outWidth, c) : null;
  if (own) return own;
  // Allocate first: heap views taken before a (possibly memory-growing) malloc go stale.
  const out = backend.makeOutput(x.shape, 'float32');
  const xs = backend.typedArrayFromHeap(x);
  const dys = backend.typedArrayFromHeap(dy);
  const dx = backend.typedArrayFromHeap(out);
  if (tiles2x2) {
    pool2x2Grad(xs as Float32Array, dys as Float32Array, dx as Float32Array, batchSize * outHeight, outWidth, c);
    return out;
  }
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

/**
 * MaxPoolGrad of a 2×2, stride-2 pool whose windows tile the input exactly (NHWC): each
 * input lies in one window, so dx is written once everywhere. `rows` = batch × outHeight.
 * The first maximum in window order (top-left, top-right, bottom-left, bottom-right) wins,
 * as on the cpu backend; a window of NaNs gets no gradient.
 */
function pool2x2Grad(xs: Float32Array, dys: Float32Array, dx: Float32Array, rows: number, outWidth: number, c: number): void {
  const rowStride = 2 * outWidth * c; // one input row
  for (let r = 0; r < rows; r++) {
    for (let oc = 0; oc < outWidth; oc++) {
      const i00 = (2 * r * outWidth * 2 + 2 * oc) * c;
      const g0 = (r * outWidth + oc) * c;
      for (let d = 0; d < c; d++) {
        const a = i00 + d;
        const b = a + c;
        const e = a + rowStride;
        const f = e + c;
        let m = xs[a];
        let w = m > Number.NEGATIVE_INFINITY ? 0 : -1;
        if (w < 0) m = Number.NEGATIVE_INFINITY;
        if (xs[b] > m) {
          m = xs[b];
          w = 1;
        }
        if (xs[e] > m) {
          m = xs[e];
          w = 2;
        }
        if (xs[f] > m) w = 3;
        const g = dys[g0 + d];
        dx[a] = w === 0 ? g : 0;
        dx[b] = w === 1 ? g : 0;
        dx[e] = w === 2 ? g : 0;
        dx[f] = w === 3 ? g : 0;
      }
    }
  }
}
