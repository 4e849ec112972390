// The one way a run trains with pruning masks held: fine-tuning on the page, iterative
// pruning, the lottery ticket and AGP (alone or in a schedule) all come here. A step hook,
// built on the active backend, re-applies the masks after every step and may change them
// between steps (AGP); where the device can be lost (WebGPU) the run goes through
// trainRecoverable, which rebuilds the hook on the next backend and resumes from a snapshot.

import type * as tf from '@tensorflow/tfjs';
import type { BatchSource } from './batchSource';
import { DeviceMasks, type HeldMasks } from './modelWeights';
import { trainRecoverable, type RecoveryFactory, type StepHookFactory } from './recoverableTraining';
import { trainModel, type TrainOptions, type TrainResult } from './trainLoop';
import { RUN_START } from './trainSnapshot';

export interface HookedTrainOptions extends Omit<TrainOptions, 'optimizer' | 'beforeStep' | 'afterStep' | 'resumeFrom' | 'onSnapshot' | 'snapshotEveryMs'> {
  /** A fresh optimizer with the run's settings on the active backend (again after a loss). */
  readonly createOptimizer: () => tf.Optimizer;
  /** The masks (or other per-step work); applied once before the first step. */
  readonly stepHook?: StepHookFactory;
  /** Where training may lose its device: how to carry on on the next backend. */
  readonly recovery?: RecoveryFactory;
}

export async function trainHooked(model: tf.LayersModel, data: BatchSource, opts: HookedTrainOptions): Promise<TrainResult> {
  const { createOptimizer, stepHook, recovery, ...train } = opts;
  const optimizer = createOptimizer();
  try {
    if (recovery) {
      const first = stepHook?.(RUN_START.step);
      first?.afterStep();
      first?.dispose();
      return await trainRecoverable(model, data, { ...train, optimizer, recovery: recovery({ createOptimizer, stepHook }) });
    }
    const hook = stepHook?.(RUN_START.step);
    try {
      hook?.afterStep();
      return await trainModel(model, data, {
        ...train,
        optimizer,
        beforeStep: hook?.beforeStep && ((step) => hook.beforeStep?.(step)),
        afterStep: hook && (() => hook.afterStep()),
      });
    } finally {
      hook?.dispose();
    }
  } finally {
    optimizer.dispose();
  }
}

/** Pruning masks (kept on the CPU) applied after every step; rebuilt on the active backend each time it is called. */
export function maskStepHook(model: tf.LayersModel, held: HeldMasks): StepHookFactory {
  return () => {
    const device = DeviceMasks.hold(model, held);
    return { afterStep: () => device.apply(), dispose: () => device.dispose() };
  };
}
