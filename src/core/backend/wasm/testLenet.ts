// Test-only LeNet-5 built from raw variables, and random MNIST-shaped batches.
// Why this file exists: the full training-step tests (../wasmGradKernels.test.ts) and the
// speed benchmark (../wasmGradKernels.speed.test.ts) train the same network.
import * as tf from '@tensorflow/tfjs';
import { seededValues, size } from './testHelpers';

/** LeNet-5 (Caffe variant: no activation after the convs), NHWC, raw variables. */
export interface LeNet {
  vars: tf.Variable[];
  logits: (x: tf.Tensor4D) => tf.Tensor2D;
}

export function makeLeNet(seed: number): LeNet {
  const v = (shape: number[], s: number, scale: number): tf.Variable =>
    tf.variable(tf.mul(tf.tensor(seededValues(size(shape), s), shape), scale));
  const c1w = v([5, 5, 1, 20], seed, 0.2);
  const c1b = v([20], seed + 1, 0.01);
  const c2w = v([5, 5, 20, 50], seed + 2, 0.05);
  const c2b = v([50], seed + 3, 0.01);
  const f1w = v([800, 500], seed + 4, 0.05);
  const f1b = v([500], seed + 5, 0.01);
  const f2w = v([500, 10], seed + 6, 0.08);
  const f2b = v([10], seed + 7, 0.01);
  const logits = (x: tf.Tensor4D): tf.Tensor2D => {
    let h: tf.Tensor4D = tf.add(tf.conv2d(x, c1w as tf.Tensor4D, 1, 'valid'), c1b);
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.add(tf.conv2d(h, c2w as tf.Tensor4D, 1, 'valid'), c2b);
    h = tf.maxPool(h, 2, 2, 'valid');
    const flat = tf.reshape(h, [h.shape[0], 800]);
    const d1 = tf.relu(tf.add(tf.matMul(flat, f1w as tf.Tensor2D), f1b));
    return tf.add(tf.matMul(d1, f2w as tf.Tensor2D), f2b);
  };
  return { vars: [c1w, c1b, c2w, c2b, f1w, f1b, f2w, f2b], logits };
}

export function batch(n: number, seed: number): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  const xs = tf.tensor4d(seededValues(n * 784, seed), [n, 28, 28, 1]);
  const labels = Array.from(seededValues(n, seed + 1), (u) => Math.floor((u + 1) * 5) % 10);
  const ys = tf.oneHot(tf.tensor1d(labels, 'int32'), 10).toFloat() as tf.Tensor2D;
  return { xs, ys };
}
