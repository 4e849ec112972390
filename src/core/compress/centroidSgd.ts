// Fine-tuning of shared weights (Deep Compression's trained quantization): each quantized
// kernel is held as its codebook; at every step the gradients of all the weights that share
// a centroid are summed (a sparse segment sum over the kept weights, grouped by code), the
// centroids take a momentum-SGD step, and the kernel is rewritten as centroid[code], with
// pruned weights +0, so masks hold by construction. Other variables (biases) take an
// ordinary momentum-SGD step. Plugs into the lab's training loop as its optimizer.

import * as tf from '@tensorflow/tfjs';
import { MomentumSGD, type Gradients, type NamedGradient } from '../train/optimizers';
import type { QuantizedKernel } from './quantized';

interface SharedLayer {
  readonly variable: tf.Variable;
  readonly shape: number[];
  readonly k: number;
  readonly centroids: tf.Variable;
  readonly velocity: tf.Variable;
  /** Flat positions of the kept weights, sorted by code, and their codes (sorted). */
  readonly positions: tf.Tensor1D;
  readonly segments: tf.Tensor1D;
  readonly segmentCount: number;
  /** Per weight: its code, or k (the appended zero) when pruned. */
  readonly gather: tf.Tensor1D;
  readonly zero: tf.Tensor1D;
}

/** A non-trainable variable holding `init`'s values; `init` itself is disposed. */
function ownedVariable(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init, false);
  init.dispose();
  return v;
}

function sharedLayer(variable: tf.Variable, q: QuantizedKernel): SharedLayer {
  const k = q.centroids.length;
  const n = q.mask.length;
  const flat = new Int32Array(q.codes.length);
  const gather = new Int32Array(n).fill(k);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (!q.mask[i]) continue;
    gather[i] = q.codes[j];
    flat[j++] = i;
  }
  const order = Array.from(flat.keys()).sort((a, b) => q.codes[a] - q.codes[b] || a - b);
  const positions = Int32Array.from(order, (o) => flat[o]);
  const segments = Int32Array.from(order, (o) => q.codes[o]);
  return {
    variable,
    shape: variable.shape.map(Number),
    k,
    centroids: ownedVariable(tf.tensor1d(q.centroids)),
    velocity: ownedVariable(tf.zeros([k])),
    positions: tf.tensor1d(positions, 'int32'),
    segments: tf.tensor1d(segments, 'int32'),
    segmentCount: segments.length > 0 ? segments[segments.length - 1] + 1 : 0,
    gather: tf.tensor1d(gather, 'int32'),
    zero: tf.zeros([1]),
  };
}

export class CentroidSGD extends MomentumSGD {
  private readonly layers = new Map<string, SharedLayer>();
  private readonly rate: tf.Scalar;
  private readonly mom: tf.Scalar;

  /** `kernels` pairs each quantized kernel with the model variable holding it. */
  constructor(learningRate: number, momentum: number, kernels: readonly { variable: tf.Variable; q: QuantizedKernel }[]) {
    super(learningRate, momentum);
    this.rate = tf.scalar(learningRate);
    this.mom = tf.scalar(momentum);
    for (const { variable, q } of kernels) this.layers.set(variable.name, sharedLayer(variable, q));
    this.writeKernels();
  }

  /** Writes centroid[code] (and +0 for pruned weights) into every quantized kernel. */
  writeKernels(): void {
    tf.tidy(() => {
      for (const l of this.layers.values()) l.variable.assign(tf.gather(tf.concat([l.centroids, l.zero]), l.gather).reshape(l.shape));
    });
  }

  override applyGradients(variableGradients: Gradients): void {
    const named: NamedGradient[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const others = named.filter((g) => !this.layers.has(g.name));
    if (others.length > 0) super.applyGradients(others);
    tf.tidy(() => {
      for (const g of named) {
        const l = this.layers.get(g.name);
        if (!l || l.segmentCount === 0) continue;
        const summed = tf.sparse.sparseSegmentSum(g.tensor.reshape([-1, 1]), l.positions, l.segments).reshape([-1]);
        const full = l.segmentCount < l.k ? tf.concat([summed, tf.zeros([l.k - l.segmentCount])]) : summed;
        const v = l.velocity.mul(this.mom).add(full);
        l.velocity.assign(v);
        l.centroids.assign(l.centroids.sub(v.mul(this.rate)));
      }
    });
    this.writeKernels();
  }

  /** The current codebooks, keyed by variable name. */
  async centroids(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [name, l] of this.layers) out.set(name, new Float32Array(await l.centroids.data()));
    return out;
  }

  override dispose(): void {
    super.dispose();
    tf.dispose([this.rate, this.mom]);
    for (const l of this.layers.values()) tf.dispose([l.centroids, l.velocity, l.positions, l.segments, l.gather, l.zero]);
    this.layers.clear();
  }
}
