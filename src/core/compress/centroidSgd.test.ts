import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CentroidSGD } from './centroidSgd';
import type { QuantizedKernel } from './quantized';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const q = (centroids: number[], mask: number[], codes: number[]): QuantizedKernel => ({
  kind: 'quantized',
  name: 'w',
  shape: [mask.length],
  bits: 2,
  centroids: Float32Array.from(centroids),
  mask: Uint8Array.from(mask),
  codes: Uint16Array.from(codes),
});

describe('CentroidSGD', () => {
  it('sums the gradients of weights sharing a centroid and keeps pruned weights at +0', () => {
    const w = tf.variable(tf.tensor1d([9, 9, 9, 9, 9]));
    const b = tf.variable(tf.tensor1d([1]));
    const x = tf.tensor1d([1, 2, 3, 4, 5]);
    const before = tf.memory().numTensors;
    // kept: positions 0, 1, 3, 4 with codes 0, 1, 0, 2; centroid 3 has no weight.
    const opt = new CentroidSGD(0.1, 0, [{ variable: w, q: q([1, 2, 3, 4], [1, 1, 0, 1, 1], [0, 1, 0, 2]) }]);
    expect(Array.from(w.dataSync())).toEqual([1, 2, 0, 1, 3]);
    // loss = Σ w·x + b: ∂/∂w = x. Centroid 0 gets 1 + 4 = 5, centroid 1 gets 2, centroid 2 gets 5.
    opt.minimize(() => w.mul(x).sum().add(b.sum()) as tf.Scalar, false, [w, b]);
    const c = [1 - 0.5, 2 - 0.2, 3 - 0.5, 4];
    expect(Array.from(w.dataSync())).toEqual([c[0], c[1], 0, c[0], c[2]].map((v) => Math.fround(v)));
    expect(Object.is(w.dataSync()[2], 0)).toBe(true);
    expect(b.dataSync()[0]).toBeCloseTo(0.9, 6);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, b, x]);
  });

  it('uses momentum on the centroids', async () => {
    const w = tf.variable(tf.tensor1d([0, 0]));
    const opt = new CentroidSGD(0.1, 0.5, [{ variable: w, q: q([0], [1, 1], [0, 0]) }]);
    for (let i = 0; i < 2; i++) opt.minimize(() => w.sum() as tf.Scalar, false, [w]);
    // g = 2 each step: v1 = 2, c = −0.2; v2 = 1 + 2 = 3, c = −0.5.
    const centroids = await opt.centroids();
    expect(centroids.get(w.name)?.[0]).toBeCloseTo(-0.5, 6);
    opt.dispose();
    w.dispose();
  });
});
