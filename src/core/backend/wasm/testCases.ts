// Test-only case tables for the wasm kernels (Conv2D gradients, MaxPoolGrad, BatchMatMul)
// and the functions that run one case on whatever backend is active.
// Why this file exists: each kernel's own test compares these cases against the 'cpu'
// backend, and the registration test runs them all again to check for leaks.
import * as tf from '@tensorflow/tfjs';
import { seededValues, size } from './testHelpers';

type Shape4 = [number, number, number, number];
type Pad = 'valid' | 'same' | number | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase {
  name: string;
  x: Shape4;
  filter: Shape4;
  strides: number | [number, number];
  pad: Pad;
}

export const CASES: ConvCase[] = [
  { name: 'LeNet conv1 valid', x: [8, 28, 28, 1], filter: [5, 5, 1, 20], strides: 1, pad: 'valid' },
  { name: 'LeNet conv2 valid', x: [8, 12, 12, 20], filter: [5, 5, 20, 50], strides: 1, pad: 'valid' },
  { name: 'same 5x5', x: [4, 12, 12, 20], filter: [5, 5, 20, 16], strides: 1, pad: 'same' },
  { name: 'same 3x3', x: [4, 13, 11, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' },
  { name: 'numeric pad 1', x: [4, 10, 10, 3], filter: [3, 3, 3, 8], strides: 1, pad: 1 },
  {
    name: 'explicit asymmetric pad',
    x: [3, 10, 9, 4],
    filter: [3, 2, 4, 6],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ],
  },
  { name: 'stride 2 valid exact', x: [4, 13, 13, 3], filter: [3, 3, 3, 8], strides: 2, pad: 'valid' },
  { name: 'stride 2 valid remainder', x: [4, 14, 14, 3], filter: [3, 3, 3, 8], strides: 2, pad: 'valid' },
  { name: 'stride 2 same', x: [4, 14, 15, 3], filter: [5, 5, 3, 8], strides: 2, pad: 'same' },
  { name: 'stride [2,3] same', x: [2, 11, 16, 5], filter: [3, 4, 5, 7], strides: [2, 3], pad: 'same' },
];

export interface PoolCase {
  name: string;
  x: Shape4;
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  /** Shift inputs to make whole windows negative (the upstream wasm bug). */
  offset: number;
  /** Round inputs to multiples of 0.5 so windows hold ties (the first maximum must win). */
  ties?: boolean;
}

export const POOL_CASES: PoolCase[] = [
  { name: 'LeNet pool1 2x2/2', x: [8, 24, 24, 20], filterSize: 2, strides: 2, pad: 'valid', offset: 0 },
  { name: 'LeNet pool2 2x2/2', x: [8, 8, 8, 50], filterSize: 2, strides: 2, pad: 'valid', offset: 0 },
  { name: 'all-negative 2x2/2', x: [2, 6, 6, 5], filterSize: 2, strides: 2, pad: 'valid', offset: -1.5 },
  { name: 'overlapping 3x3/2 same', x: [2, 9, 10, 4], filterSize: 3, strides: 2, pad: 'same', offset: -0.5 },
  { name: 'overlapping 3x2/1 valid', x: [2, 7, 7, 3], filterSize: [3, 2], strides: 1, pad: 'valid', offset: 0 },
  { name: 'ties 2x2/2', x: [4, 8, 8, 6], filterSize: 2, strides: 2, pad: 'valid', offset: 0, ties: true },
  { name: 'odd size 2x2/2 (uncovered edge)', x: [2, 7, 9, 3], filterSize: 2, strides: 2, pad: 'valid', offset: 0 },
];

export function poolGrad(c: PoolCase, seed: number): Float32Array {
  return tf.tidy(() => {
    const raw = tf.add(tf.tensor4d(seededValues(size(c.x), seed), c.x), c.offset) as tf.Tensor4D;
    const x = c.ties ? (tf.div(tf.round(tf.mul(raw, 2)), 2) as tf.Tensor4D) : raw;
    const yShape = tf.maxPool(x, c.filterSize, c.strides, c.pad).shape;
    const r = tf.tensor(seededValues(size(yShape), seed + 1), yShape);
    const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, c.filterSize, c.strides, c.pad), r)));
    return g(x).dataSync() as Float32Array;
  });
}

export interface MatMulCase {
  a: number[];
  b: number[];
  transposeA: boolean;
  transposeB: boolean;
}

export const MATMUL_CASES: MatMulCase[] = [
  { a: [64, 500], b: [800, 500], transposeA: false, transposeB: true }, // dense dx
  { a: [64, 800], b: [64, 500], transposeA: true, transposeB: false }, // dense dW
  { a: [30, 17], b: [9, 30], transposeA: true, transposeB: true },
  { a: [1, 7, 5], b: [1, 6, 5], transposeA: false, transposeB: true }, // batch 1, rank 3
  { a: [3, 7, 5], b: [3, 7, 6], transposeA: true, transposeB: false }, // batched: passed through
  { a: [12, 9], b: [9, 4], transposeA: false, transposeB: false },
];

export function matMul(c: MatMulCase, seed: number): Float32Array {
  return tf.tidy(() => {
    const a = tf.tensor(seededValues(size(c.a), seed), c.a);
    const b = tf.tensor(seededValues(size(c.b), seed + 1), c.b);
    return tf.matMul(a, b, c.transposeA, c.transposeB).dataSync() as Float32Array;
  });
}

export interface Grads {
  dx: Float32Array;
  dw: Float32Array;
}

/** Gradients of sum(conv2d(x, w) * r) for random r, so dy is not constant. */
export function convGrads(c: ConvCase, seed: number): Grads {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededValues(size(c.x), seed), c.x);
    const w = tf.tensor4d(seededValues(size(c.filter), seed + 1), c.filter);
    const yShape = tf.conv2d(x, w, c.strides, c.pad).shape;
    const r = tf.tensor(seededValues(size(yShape), seed + 2), yShape);
    const f = (a: tf.Tensor, b: tf.Tensor): tf.Scalar =>
      tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r));
    const [dx, dw] = tf.grads(f)([x, w]);
    return { dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}
