// The recovery hooks a lab worker gives trainRecoverable: device loss from the active
// WebGPU device, and the next backend from the same automatic choice as at start-up with
// WebGPU excluded (so a GPU may still be raced against wasm). The run's own step hook
// (its pruning masks, rebuilt from their CPU copies) comes with the run.

import type * as tf from '@tensorflow/tfjs';
import { chooseBackend, type BackendChoice, type BackendEnv } from '../core/backend/chooseBackend';
import { deviceLossIn, whenDeviceLost } from '../core/backend/deviceLoss';
import type { Recovery, RecoveryHooks, StepHookFactory } from '../core/train/recoverableTraining';

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
