// Device loss in the middle of training, for real: LeNet-5 with half of every kernel
// pruned trains on WebGPU through trainRecoverable; when step `loseAt` is reported the
// harness destroys the GPU device (device.destroy(), what a driver reset looks like to
// the page). The run must move to the fallback backend, resume from its last snapshot and
// finish every step with each pruned weight still exactly zero and the loss finite.

import * as tf from '@tensorflow/tfjs';
import { loseGpuDeviceForTest, whenDeviceLost } from '../../src/core/backend/deviceLoss';
import { DeviceMasks } from '../../src/core/train/modelWeights';
import { trainRecoverable, type Recovery } from '../../src/core/train/recoverableTraining';
import { maskStepHook } from '../../src/core/train/maskedTraining';
import { kernelName } from '../../src/core/weights';
import type { ModelUnderTest } from './gradCheck';
import { magnitudeMasks, readAll } from './harnessTools';

export interface DeviceLossCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly steps: number;
  readonly lostAfterStep: number;
  readonly recovery: Recovery | null;
  /** Pruned fraction per prunable kernel: of the masks, and counted from the final weights. */
  readonly maskSparsity: Readonly<Record<string, number>>;
  readonly finalSparsity: Readonly<Record<string, number>>;
  readonly lossBefore: number;
  readonly lossAfter: number;
}

const zeroFraction = (a: Float32Array) => a.reduce((n, v) => n + (v === 0 ? 1 : 0), 0) / a.length;

export async function deviceLossCheck(
  m: ModelUnderTest,
  opts: { readonly batch: number; readonly steps: number; readonly loseAt: number; readonly snapshotEveryMs: number; readonly fallback: string },
): Promise<DeviceLossCheck> {
  if (tf.getBackend() !== 'webgpu') throw new Error('the device-loss check needs the webgpu backend active');
  const model = m.build();
  const kernels = m.prunable.map(kernelName);
  const weights = model.weights.filter((w) => kernels.includes(w.originalName));
  const values = await readAll(weights.map((w) => w.read()));
  const masks = magnitudeMasks({ names: kernels, shapes: [], values }, kernels, 0.5);
  const first = DeviceMasks.create(model, m.prunable, masks);
  first.apply();
  first.dispose();
  const optimizer = m.optimizer();
  const losses: number[] = [];
  let lostAfterStep = 0;
  try {
    const result = await trainRecoverable(model, m.data(opts.batch * opts.steps), {
      epochs: 1,
      batchSize: opts.batch,
      seed: 3,
      optimizer,
      task: m.task,
      progressIntervalMs: 0,
      snapshotEveryMs: opts.snapshotEveryMs,
      onProgress: (p) => {
        losses.push(...p.losses);
        if (p.step >= opts.loseAt && lostAfterStep === 0 && loseGpuDeviceForTest()) lostAfterStep = p.step;
      },
      recovery: {
        deviceLost: whenDeviceLost,
        switchBackend: async () => {
          if (!(await tf.setBackend(opts.fallback))) throw new Error(`fallback backend ${opts.fallback} failed`);
          return opts.fallback;
        },
        createOptimizer: m.optimizer,
        stepHook: maskStepHook(model, { layers: m.prunable, masks, others: new Map() }),
      },
    });
    const final = await readAll(weights.map((w) => w.read()));
    const problems: string[] = [];
    const maskSparsity: Record<string, number> = {};
    const finalSparsity: Record<string, number> = {};
    kernels.forEach((k, i) => {
      maskSparsity[k] = masks[i].reduce((n, v) => n + (v === 0 ? 1 : 0), 0) / masks[i].length;
      finalSparsity[k] = zeroFraction(final[i]);
      if (final[i].some((v, j) => masks[i][j] === 0 && v !== 0)) problems.push(`${k}: a pruned weight is not zero`);
    });
    const recovery = result.recoveries[0] ?? null;
    if (!recovery) problems.push('the device was never lost or never recovered');
    if (tf.getBackend() !== opts.fallback) problems.push(`training ended on ${tf.getBackend()}, not ${opts.fallback}`);
    if (result.steps !== opts.steps) problems.push(`${result.steps} of ${opts.steps} steps done`);
    if (losses.length !== opts.steps) problems.push(`${losses.length} losses reported for ${opts.steps} steps`);
    if (!losses.every(Number.isFinite)) problems.push('a loss is not finite');
    const split = Math.max(1, lostAfterStep);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return {
      ok: problems.length === 0,
      problems,
      steps: result.steps,
      lostAfterStep,
      recovery,
      maskSparsity,
      finalSparsity,
      lossBefore: mean(losses.slice(0, split)),
      lossAfter: mean(losses.slice(split)),
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}
