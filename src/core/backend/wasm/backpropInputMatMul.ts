// Conv2DBackpropInput for 'valid'-style convolutions as one matrix product plus col2im.
//
// Why this file exists: the conv-of-padded-dy route (convGrads.ts) runs a forward conv over
// dy padded by filter − 1 on each side, so for LeNet-5's conv2 (8×8 outputs, 5×5 filter)
// 2.25× more multiply-adds than needed fall on padding zeros. Here every dy pixel meets the
// filter exactly once: cols = dy[N·OH·OW, Cout] · W[Cout, KH·KW·Cin] (XNNPACK, threaded
// where possible), then each row of cols is added into its KH×KW window of dx (col2im).
import type * as tf from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { disposeAll, runWasmKernel } from './kernelUtils';

/** Padding overhead above which the matmul route pays (direct MACs / useful MACs). */
export const MATMUL_ROUTE_MIN_OVERHEAD = 1.5;

/** Direct conv-of-padded-dy work over the useful work, for a stride-1 conv's dx. */
export function paddingOverhead(info: tf.backend_util.Conv2DInfo): number {
  return (info.inHeight * info.inWidth) / (info.outHeight * info.outWidth);
}

/** True when dx of this conv is better computed by backpropInputByMatMul. */
export function prefersMatMulRoute(info: tf.backend_util.Conv2DInfo): boolean {
  return (
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.dilationHeight === 1 &&
    info.dilationWidth === 1 &&
    paddingOverhead(info) >= MATMUL_ROUTE_MIN_OVERHEAD
  );
}

/** dx (NHWC, float32) of a stride-1 conv described by `info`: matmul, then col2im. */
export function backpropInputByMatMul(
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backendObj: object,
): tf.TensorInfo {
  const backend = backendObj as BackendWasm;
  const { batchSize: n, inHeight: ih, inWidth: iw, inChannels: cin, outHeight: oh, outWidth: ow, outChannels: cout } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const k = kh * kw * cin;
  const rows = n * oh * ow;
  const temps: tf.TensorInfo[] = [];
  try {
    const wT = runWasmKernel('Transpose', backend, { x: filter }, { perm: [3, 0, 1, 2] }); // [Cout,KH,KW,Cin]
    temps.push(wT);
    const w3 = runWasmKernel('Reshape', backend, { x: wT }, { shape: [1, cout, k] });
    temps.push(w3);
    const dy3 = runWasmKernel('Reshape', backend, { x: dy }, { shape: [1, rows, cout] });
    temps.push(dy3);
    const cols = runWasmKernel('BatchMatMul', backend, { a: dy3, b: w3 }, { transposeA: false, transposeB: false });
    temps.push(cols);
    const out = backend.makeOutput([n, ih, iw, cin], 'float32');
    // Views after the last allocation: a growing heap would detach earlier ones.
    const c = backend.typedArrayFromHeap(cols) as Float32Array;
    const dx = backend.typedArrayFromHeap(out) as Float32Array;
    dx.fill(0);
    let row = 0;
    for (let b = 0; b < n; b++) {
      for (let y = 0; y < oh; y++) {
        for (let x = 0; x < ow; x++, row++) {
          let src = row * k;
          for (let fy = 0; fy < kh; fy++) {
            const iy = y + fy - top;
            if (iy < 0 || iy >= ih) {
              src += kw * cin;
              continue;
            }
            for (let fx = 0; fx < kw; fx++, src += cin) {
              const ix = x + fx - left;
              if (ix < 0 || ix >= iw) continue;
              let dst = ((b * ih + iy) * iw + ix) * cin;
              for (let ci = 0; ci < cin; ci++) dx[dst++] += c[src + ci];
            }
          }
        }
      }
    }
    return out;
  } finally {
    disposeAll(backend, temps);
  }
}
