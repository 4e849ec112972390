// Speed-up against sparsity for the three ways of pruning, from timings of the model's own
// conv and dense layers on one batch of its own activations:
//   unstructured  each layer's weights magnitude-pruned to the rate, run on whatever kernel the
//                 break-even picks (sparse or dense), timed;
//   channels      each layer compacted to (1 − rate) of its channels (outputs; inputs too after
//                 the first layer), on the dense kernels, timed;
//   N:M           no kernel here uses the pattern, so 1× at every rate (not timed: said).
// The model's other work (pooling, flatten, read-back) is the whole batch's dense time minus
// its layers' and is counted at every rate; a point is dense batch time / predicted time.
//
// Why this file exists: the curve is the readout's "what would it buy" beside what the model
// on screen buys now (sparseSpeed.ts); the model's weights are restored before it returns.
import * as tf from '@tensorflow/tfjs';
import { setSparseKernelsEnabled, sparseKernelsEnabled, sparseWarmupCalls } from './wasm/sparseForm';

export interface SpeedCurve {
  readonly rates: number[];
  readonly unstructured: number[];
  readonly channels: number[];
  /** Always 1: no N:M kernel (the array is there so the chart plots the honest line). */
  readonly nm: number[];
}

export const CURVE_RATES = [0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95];

async function best(run: () => Promise<void>, images: number, repeats: number, signal?: AbortSignal): Promise<number> {
  // New weights run on enough images to build their sparse forms before the timing starts.
  for (let i = sparseWarmupCalls(images); i > 0; i--) await run();
  let ms = Infinity;
  for (let i = 0; i < repeats; i++) {
    if (signal?.aborted) throw new DOMException('speed curve stopped', 'AbortError');
    const t0 = performance.now();
    await run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

const timeOf = (make: () => tf.Tensor) => async () => {
  const y = make();
  await y.data();
  y.dispose();
};

/** `w` with its smallest-magnitude `rate` share set to zero. */
function magnitudePruned(w: Float32Array, rate: number): Float32Array {
  const k = Math.floor(rate * w.length);
  if (k === 0) return w.slice();
  const cut = Float32Array.from(w, Math.abs).sort()[k - 1];
  let left = k;
  return w.map((v) => (Math.abs(v) <= cut && left-- > 0 ? 0 : v));
}

interface KernelLayer {
  readonly layer: tf.layers.Layer;
  readonly input: tf.Tensor;
  readonly weights: tf.Tensor[];
}

/** Speed-up curves of `model` (sequential, conv / dense layers with fused bias + ReLU or none) on batch `x`. */
export async function speedCurve(model: tf.LayersModel, x: tf.Tensor, rates = CURVE_RATES, repeats = 3, signal?: AbortSignal): Promise<SpeedCurve> {
  const was = sparseKernelsEnabled();
  const n = x.shape[0];
  const kernels: KernelLayer[] = [];
  let input = x.clone();
  try {
    for (const layer of model.layers) {
      const weights = layer.getWeights();
      if (weights[0] && (weights[0].rank === 2 || weights[0].rank === 4)) kernels.push({ layer, input: input.clone(), weights: weights.map((w) => w.clone()) });
      const next = layer.apply(input) as tf.Tensor;
      input.dispose();
      input = next;
    }
    setSparseKernelsEnabled(false);
    const whole = await best(timeOf(() => model.predict(x) as tf.Tensor), n, repeats, signal);
    let layersMs = 0;
    for (const k of kernels) layersMs += await best(timeOf(() => k.layer.apply(k.input) as tf.Tensor), n, repeats, signal);
    const other = Math.max(0, whole - layersMs);
    setSparseKernelsEnabled(true);
    const unstructured: number[] = [];
    for (const rate of rates) {
      let ms = other;
      for (const k of kernels) {
        const [w, ...rest] = k.weights;
        const pruned = tf.tensor(magnitudePruned(w.dataSync() as Float32Array, rate), w.shape);
        k.layer.setWeights([pruned, ...rest]);
        pruned.dispose();
        ms += await best(timeOf(() => k.layer.apply(k.input) as tf.Tensor), n, repeats, signal);
      }
      unstructured.push(whole / ms);
    }
    setSparseKernelsEnabled(false);
    const channels: number[] = [];
    for (const rate of rates) {
      let ms = other;
      let keptIn = 1;
      for (const [i, k] of kernels.entries()) {
        const keptOut = i === kernels.length - 1 ? 1 : 1 - rate;
        const op = compacted(k, keptIn, keptOut);
        try {
          ms += await best(timeOf(op.run), n, repeats, signal);
        } finally {
          op.dispose();
        }
        keptIn = keptOut;
      }
      channels.push(whole / ms);
    }
    return { rates: [...rates], unstructured, channels, nm: rates.map(() => 1) };
  } finally {
    setSparseKernelsEnabled(was);
    for (const k of kernels) {
      k.layer.setWeights(k.weights);
      tf.dispose([k.input, ...k.weights]);
    }
    input.dispose();
  }
}

const keep = (n: number, share: number) => Math.max(1, Math.round(n * share));

/** The layer's op on the first keptIn of its inputs and keptOut of its outputs (shapes only matter: dense kernels). */
function compacted(k: KernelLayer, keptIn: number, keptOut: number): { run: () => tf.Tensor; dispose: () => void } {
  const [w, b] = k.weights;
  const config = k.layer.getConfig();
  const activation = config.activation === 'relu' ? 'relu' : 'linear';
  if (w.rank === 4) {
    const [kh, kw, cin, cout] = w.shape;
    const ci = keep(cin, keptIn);
    const co = keep(cout, keptOut);
    const filter = w.slice([0, 0, 0, 0], [kh, kw, ci, co]) as tf.Tensor4D;
    const x = k.input.slice([0, 0, 0, 0], [-1, -1, -1, ci]) as tf.Tensor4D;
    const bias = b?.slice([0], [co]);
    const strides = (config.strides as [number, number] | undefined) ?? [1, 1];
    const pad = config.padding === 'same' ? 'same' : 'valid';
    return { run: () => tf.fused.conv2d({ x, filter, strides, pad, bias, activation }), dispose: () => tf.dispose([filter, x, ...(bias ? [bias] : [])]) };
  }
  const [kin, kout] = w.shape;
  const ki = keep(kin, keptIn);
  const ko = keep(kout, keptOut);
  const a = tf.tidy(() => k.input.reshape([k.input.shape[0], -1]).slice([0, 0], [-1, ki]) as tf.Tensor2D);
  const weights = w.slice([0, 0], [ki, ko]) as tf.Tensor2D;
  const bias = b?.slice([0], [ko]);
  return { run: () => tf.fused.matMul({ a, b: weights, bias, activation }), dispose: () => tf.dispose([a, weights, ...(bias ? [bias] : [])]) };
}
