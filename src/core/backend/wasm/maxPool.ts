// MaxPool for the tfjs 'wasm' backend: 2×2 stride-2 'valid' float32 pools (LeNet-5's) on
// PruneLab's own kernels, SIMD and split across the thread pool; other pools run tfjs's own.
//
// Why this file exists: tfjs-wasm's MaxPool runs in XNNPACK, whose threads the kernels keep
// at one (see wasmThreads.ts: its pool's spinning workers competed with our helper threads),
// so the pools of every training step and of inference would otherwise run on one thread.
import * as tf from '@tensorflow/tfjs';
import { as4D, input, type KernelArgs } from './kernelUtils';
import { ownPool2x2 } from './ownReductions';

export const MAX_POOL = 'MaxPool';

export function maxPoolOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const x = input(args.inputs, 'x', MAX_POOL);
  const attrs = args.attrs as unknown as tf.MaxPoolAttrs;
  if (x.dtype !== 'float32' || x.shape.length !== 4) return original(args);
  const info = tf.backend_util.computePool2DInfo(as4D(x.shape, 'x'), attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
  const { top, left } = info.padInfo;
  const twoByTwo =
    info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && top === 0 && left === 0 &&
    info.outHeight === Math.floor(info.inHeight / 2) && info.outWidth === Math.floor(info.inWidth / 2) && info.outHeight > 0 && info.outWidth > 0;
  return (twoByTwo ? ownPool2x2(args.backend, x, info.outShape) : null) ?? original(args);
}
