// The recovery hooks a lab worker gives trainRecoverable: device loss from the active
// WebGPU device, the next backend from the same automatic choice as at start-up with
// WebGPU excluded (so a GPU may still be raced against wasm), and pruning masks rebuilt
// from their CPU copies on whichever backend training moved to.

import type * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice, type BackendEnv } from '../backend/chooseBackend';
import { deviceLossIn, whenDeviceLost } from '../backend/deviceLoss';
import { DeviceMasks, type HeldMasks } from '../prune/apply';
import type { Recovery, RecoveryHooks, StepHookFactory } from './recoverableTraining';

export interface WorkerRecoveryOptions {
  /** A fresh optimizer with the run's settings (e.g. () => createOptimizer(settings)). */
  readonly createOptimizer: () => tf.Optimizer;
  /** Per-step work to rebuild on the new backend, e.g. maskStepHook(...). */
  readonly stepHook?: StepHookFactory;
  /** The backend chosen after a loss (post it as the new badge). */
  readonly onBackend?: (choice: BackendChoice, reason: string) => void;
  readonly onRecovered?: (r: Recovery) => void;
}

export function workerRecoveryHooks(env: BackendEnv, opts: WorkerRecoveryOptions): RecoveryHooks {
  return {
    deviceLost: whenDeviceLost,
    lossIn: deviceLossIn,
    async switchBackend(reason) {
      const choice = await chooseBackend(env, null, ['webgpu']);
      opts.onBackend?.(choice, reason);
      return choice.name;
    },
    createOptimizer: opts.createOptimizer,
    stepHook: opts.stepHook,
    onRecovered: opts.onRecovered,
  };
}

/** Pruning masks (kept on the CPU) applied after every step; rebuilt on the active backend each time it is called. */
export function maskStepHook(model: tf.LayersModel, held: HeldMasks): StepHookFactory {
  return () => {
    const device = DeviceMasks.hold(model, held);
    return { afterStep: () => device.apply(), dispose: () => device.dispose() };
  };
}
