// Correctness of the WebGPU kernels against tfjs `cpu`: for LeNet-5 and the IMDB model,
// the same weights and the same real batch go through both backends; the loss gradient
// of every weight, the logits, and one whole optimizer step with pruning masks re-applied
// are compared. Error is normwise: max |webgpu − cpu| / max |cpu| per tensor, so a
// gradient that is tiny everywhere is not judged by its float noise alone. The kernels
// the WebGPU step ran are listed from tf.profile, so the check shows what it covered.

import * as tf from '@tensorflow/tfjs';
import { DeviceMasks, writeWeights } from '../../src/core/train/modelWeights';
import { kernelName, type WeightSnapshot } from '../../src/core/weights';
import { magnitudeMasks, readAll, type ModelUnderTest } from './harnessTools';

export type { ModelUnderTest } from './harnessTools';

export interface GradCheck {
  readonly model: string;
  readonly batch: number;
  /** Largest error over every gradient (the acceptance figure). */
  readonly gradMaxRelErr: number;
  readonly perWeight: Readonly<Record<string, number>>;
  readonly logitsRelErr: number;
  /** Error of the weight change made by one optimizer step with masks re-applied. */
  readonly stepRelErr: number;
  /** Kernels the WebGPU forward, backward and update ran. */
  readonly kernels: readonly string[];
}

export function relErr(a: ArrayLike<number>, ref: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

interface Outcome {
  readonly grads: Float32Array[];
  readonly logits: Float32Array;
  readonly delta: Float32Array[];
  readonly kernels: string[];
}

async function runOn(backend: string, m: ModelUnderTest, weights: WeightSnapshot, x: tf.TensorContainer, masks: Uint8Array[]): Promise<Outcome> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
  const model = m.build();
  writeWeights(model, weights);
  const [xs, ys] = tf.tidy(() => {
    const [xv, yv] = x as [tf.Tensor, tf.Tensor1D];
    return [tf.tensor(xv.dataSync(), xv.shape), tf.tensor1d(yv.dataSync(), 'int32')] as const;
  });
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const before = await readAll(vars);
  const loss = () => m.task.loss(model.apply(xs, { training: true }) as tf.Tensor, ys);
  let grads: Float32Array[] = [];
  const profile = await tf.profile(async () => {
    const g = tf.variableGrads(loss, vars);
    grads = await readAll(vars.map((v) => g.grads[v.name]));
    tf.dispose([g.value, ...Object.values(g.grads)]);
  });
  const logitsT = model.predict(xs) as tf.Tensor;
  const logits = Float32Array.from(await logitsT.data());
  logitsT.dispose();
  const deviceMasks = DeviceMasks.create(model, m.prunable, masks);
  const optimizer = m.optimizer();
  const stepProfile = await tf.profile(async () => {
    optimizer.minimize(loss, false, vars);
    deviceMasks.apply();
    await vars[0].data();
  });
  const after = await readAll(vars);
  const kernels = [...new Set([...profile.kernelNames, ...stepProfile.kernelNames])].filter((k) => !k.endsWith('__op')).sort();
  deviceMasks.dispose();
  optimizer.dispose();
  tf.dispose([xs, ys]);
  model.dispose();
  return { grads, logits, delta: after.map((a, i) => a.map((v, j) => v - before[i][j])), kernels };
}

/** Compares webgpu with cpu on one batch of `batch` real examples; leaves the active backend as it found it. */
export async function checkGradients(m: ModelUnderTest, batch: number): Promise<GradCheck> {
  const active = tf.getBackend();
  await tf.setBackend('cpu');
  const model = m.build();
  const weights: WeightSnapshot = {
    names: model.weights.map((w) => w.originalName),
    shapes: model.weights.map((w) => w.shape.map(Number)),
    values: await readAll(model.weights.map((w) => w.read())),
  };
  const names = model.trainableWeights.map((w) => w.originalName);
  model.dispose();
  const masks = magnitudeMasks(weights, m.prunable.map(kernelName), 0.5);
  const first = m.data(batch).batches(batch).next();
  if (first.done) throw new Error(`${m.name}: no data`);
  const x: tf.TensorContainer = [first.value.inputs, first.value.labels];
  try {
    const ref = await runOn('cpu', m, weights, x, masks);
    const gpu = await runOn('webgpu', m, weights, x, masks);
    const perWeight = Object.fromEntries(names.map((n, i) => [n, relErr(gpu.grads[i], ref.grads[i])]));
    const stepErrs = ref.delta.map((d, i) => relErr(gpu.delta[i], d));
    return {
      model: m.name,
      batch,
      gradMaxRelErr: Math.max(...Object.values(perWeight)),
      perWeight,
      logitsRelErr: relErr(gpu.logits, ref.logits),
      stepRelErr: Math.max(...stepErrs),
      kernels: gpu.kernels,
    };
  } finally {
    tf.dispose(x);
    await tf.setBackend(active);
  }
}
