// Optimizers for the training loop. tfjs 4.22's MomentumOptimizer.dispose() does not call
// SGDOptimizer.dispose(), so every momentum optimizer leaks its learning-rate scalar;
// this subclass disposes it too (caught by the fine-tuning leak test).

import * as tf from '@tensorflow/tfjs';
import type { OptimizerSettings } from '../models/catalog';

export class MomentumSGD extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}

export function momentumSGD(learningRate: number, momentum: number): tf.Optimizer {
  return new MomentumSGD(learningRate, momentum);
}

export type { OptimizerSettings } from '../models/catalog';

/** A fresh optimizer for one training or fine-tuning run; dispose it afterwards. */
export function createOptimizer(s: OptimizerSettings): tf.Optimizer {
  return s.optimizer === 'adam' ? tf.train.adam(s.learningRate) : momentumSGD(s.learningRate, s.momentum);
}
