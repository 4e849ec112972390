// Replacement kernel functions for the forward ops PruneLab's own wasm kernels cover:
// Conv2D, FusedConv2D and _FusedMatMul (bias and ReLU fused into the product's epilogue).
//
// Why this file exists: the forward conv and dense layers (and the whole of inference) run
// here instead of XNNPACK, multi-threaded and with relaxed-SIMD FMA where available. Cases
// the kernels do not cover (other activations, PReLU weights, NCHW, dilation) call the
// original tfjs-wasm kernel.
import type * as tf from '@tensorflow/tfjs';
import { input, type KernelArgs } from './kernelUtils';
import { ownConvForward, ownConvInfo } from './ownConv';
import { ownMatMul } from './ownMatMul';

export const CONV2D = 'Conv2D';
export const FUSED_CONV2D = 'FusedConv2D';
export const FUSED_MATMUL = '_FusedMatMul';

/** 'linear' → no ReLU, 'relu' → ReLU, anything else → not ours (null). */
function reluOf(activation: string | undefined, prelu: tf.TensorInfo | undefined): boolean | null {
  if (prelu != null) return null;
  if (activation == null || activation === 'linear') return false;
  return activation === 'relu' ? true : null;
}

function convForward(args: KernelArgs, original: tf.KernelFunc, fused: boolean): tf.TensorInfo | tf.TensorInfo[] {
  const attrs = args.attrs as unknown as tf.FusedConv2DAttrs;
  const x = input(args.inputs, 'x', CONV2D);
  const filter = input(args.inputs, 'filter', CONV2D);
  const relu = fused ? reluOf(attrs.activation, args.inputs.preluActivationWeights) : false;
  const info = relu == null ? null : ownConvInfo(x.shape, filter.shape, attrs.strides, attrs.pad, attrs.dataFormat, attrs.dilations, attrs.dimRoundingMode);
  const bias = fused ? (args.inputs.bias ?? null) : null;
  const own = info && relu != null ? ownConvForward(args.backend, x, filter, info, bias, relu) : null;
  return own ?? original(args);
}

export function conv2DOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  return convForward(args, original, false);
}

export function fusedConv2DOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  return convForward(args, original, true);
}

export function fusedMatMulOwn(args: KernelArgs, original: tf.KernelFunc): tf.TensorInfo | tf.TensorInfo[] {
  const attrs = args.attrs as unknown as tf.BatchMatMulAttrs & { activation?: string };
  const relu = reluOf(attrs.activation, args.inputs.preluActivationWeights);
  const a = input(args.inputs, 'a', FUSED_MATMUL);
  const b = input(args.inputs, 'b', FUSED_MATMUL);
  const own = relu == null ? null : ownMatMul(args.backend, a, b, attrs.transposeA, attrs.transposeB, args.inputs.bias ?? null, relu);
  return own ?? original(args);
}
