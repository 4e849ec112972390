// Optimizers for the training loop. tfjs 4.22's MomentumOptimizer.dispose() does not call
// SGDOptimizer.dispose(), so every momentum optimizer leaks its learning-rate scalar;
// this subclass disposes it too (caught by the fine-tuning leak test).

import * as tf from '@tensorflow/tfjs';

export class MomentumSGD extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}

export function momentumSGD(learningRate: number, momentum: number): tf.Optimizer {
  return new MomentumSGD(learningRate, momentum);
}
