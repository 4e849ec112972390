// Speed of the lab's own code paths on the active backend: trainModel (the worker's
// training loop, with its asynchronous loss read-back) on real data for a fixed number
// of steps after a warm-up run that pays for shader compilation, evaluate() for
// inference, a per-kernel profile of one training step (GPU timestamps where the
// adapter has them) to show where the time goes, and how long JavaScript takes to queue a
// step against how long the step takes (if those are close, tfjs's per-kernel dispatch
// bounds the speed and fusing kernels pays more than faster ones).

import * as tf from '@tensorflow/tfjs';
import { evaluate } from '../../src/core/train/evaluate';
import { trainModel } from '../../src/core/train/trainLoop';
import type { ModelUnderTest } from './gradCheck';

export interface TrainFigure {
  readonly model: string;
  readonly batch: number;
  readonly steps: number;
  readonly seconds: number;
  /** Examples (images or reviews) per second over the timed steps. */
  readonly perSec: number;
  /** Mean loss of the first and of the last tenth of the timed steps. */
  readonly lossFirst: number;
  readonly lossLast: number;
}

async function run(m: ModelUnderTest, model: tf.LayersModel, optimizer: tf.Optimizer, batch: number, steps: number, maxSeconds: number, seed: number) {
  const examples = steps * batch;
  const data = m.data(examples);
  const epochs = Math.ceil(examples / data.count);
  const losses: number[] = [];
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), maxSeconds * 1000);
  try {
    const r = await trainModel(model, data, { epochs, batchSize: batch, seed, optimizer, task: m.task, signal: stop.signal, onProgress: (p) => losses.push(...p.losses) });
    return { ...r, losses: losses.slice(0, steps) };
  } finally {
    clearTimeout(timer);
  }
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

/** Trains a fresh model: `warmup` steps, then `steps` timed ones (fewer if `maxSeconds` runs out). Returns the trained model too. */
export async function trainThroughput(
  m: ModelUnderTest,
  batch: number,
  steps: number,
  opts: { readonly warmup: number; readonly maxSeconds: number },
): Promise<{ readonly figure: TrainFigure; readonly model: tf.LayersModel }> {
  const model = m.build();
  const optimizer = m.optimizer();
  try {
    await run(m, model, optimizer, batch, opts.warmup, opts.maxSeconds, 1);
    const r = await run(m, model, optimizer, batch, steps, opts.maxSeconds, 2);
    const tenth = Math.max(1, Math.floor(r.losses.length / 10));
    const figure: TrainFigure = {
      model: m.name,
      batch,
      steps: r.steps,
      seconds: r.seconds,
      perSec: r.imagesPerSec,
      lossFirst: mean(r.losses.slice(0, tenth)),
      lossLast: mean(r.losses.slice(-tenth)),
    };
    return { figure, model };
  } finally {
    optimizer.dispose();
  }
}

/** Inference images/s of `model` over `test` through evaluate() (batched predict + on-device reductions). */
export async function inferenceThroughput(m: ModelUnderTest, model: tf.LayersModel, test: Parameters<typeof evaluate>[1], batch: number) {
  await evaluate(model, test, { batchSize: batch, task: m.task }); // warm-up: shaders for this batch size
  const t0 = performance.now();
  const r = await evaluate(model, test, { batchSize: batch, task: m.task });
  const seconds = (performance.now() - t0) / 1000;
  return { images: r.count, seconds, perSec: r.count / seconds, accuracy: r.accuracy };
}

export interface KernelTime {
  readonly kernel: string;
  readonly calls: number;
  readonly ms: number;
}

export interface StepProfile {
  readonly kernels: KernelTime[];
  /** Kernels dispatched per step, and wall time per step to queue them (JS) and to finish them. */
  readonly kernelsPerStep: number;
  readonly queueMsPerStep: number;
  readonly wallMsPerStep: number;
}

/**
 * One training step of a fresh model under tf.profile after two warm-up steps (time per
 * kernel, largest first), then `queued` steps queued back to back on one batch.
 */
export async function profileStep(m: ModelUnderTest, batch: number, queued: number): Promise<StepProfile> {
  const model = m.build();
  const optimizer = m.optimizer();
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const first = m.data(batch).batches(batch).next();
  if (first.done) throw new Error('no data');
  const { inputs, labels } = first.value;
  const queue = () => optimizer.minimize(() => m.task.loss(model.apply(inputs, { training: true }) as tf.Tensor, labels), true, vars);
  const step = async () => {
    const loss = queue();
    await loss?.data();
    loss?.dispose();
  };
  try {
    await step();
    await step();
    const info = await tf.profile(step);
    const t0 = performance.now();
    let last: tf.Scalar | null = null;
    for (let i = 0; i < queued; i++) {
      last?.dispose();
      last = queue();
    }
    const t1 = performance.now();
    await last?.data();
    last?.dispose();
    const done = performance.now();
    const byKernel = new Map<string, { calls: number; ms: number }>();
    for (const k of info.kernels) {
      if (k.name.endsWith('__op')) continue;
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      const e = byKernel.get(k.name) ?? { calls: 0, ms: 0 };
      byKernel.set(k.name, { calls: e.calls + 1, ms: e.ms + ms });
    }
    return {
      kernels: [...byKernel].map(([kernel, e]) => ({ kernel, ...e })).sort((a, b) => b.ms - a.ms),
      kernelsPerStep: info.kernels.filter((k) => !k.name.endsWith('__op')).length,
      queueMsPerStep: (t1 - t0) / queued,
      wallMsPerStep: (done - t0) / queued,
    };
  } finally {
    tf.dispose([inputs, labels]);
    optimizer.dispose();
    model.dispose();
  }
}
