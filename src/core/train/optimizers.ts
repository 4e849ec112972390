// Optimizers for the training loop. tfjs 4.22's MomentumOptimizer.dispose() does not call
// SGDOptimizer.dispose(), so every momentum optimizer leaks its learning-rate scalar;
// this subclass disposes it too (caught by the fine-tuning leak test).
// A solver recipe (weight decay, a learning-rate policy such as Caffe's `inv`) gets its own
// subclass; settings without them build exactly the optimizer they always did.

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

/** Caffe's `inv` policy: lr(it) = base · (1 + gamma · it)^(−power), `it` counted from 0. */
export interface InvPolicy {
  readonly policy: 'inv';
  readonly gamma: number;
  readonly power: number;
}

/** Extras of a solver recipe; absent fields leave the optimizer as the settings alone make it. */
export interface SolverExtras {
  /** L2 weight decay λ: each gradient g becomes g + λ·w (every trained weight, as Caffe's decay_mult 1). */
  readonly weightDecay?: number;
  readonly lrPolicy?: InvPolicy;
}

/** What tfjs optimizers' applyGradients takes, and one named gradient of it. */
export type Gradients = Parameters<tf.Optimizer['applyGradients']>[0];
export type NamedGradient = Extract<Gradients, readonly unknown[]>[number];

export type SolverSettings = OptimizerSettings & SolverExtras;

export function learningRateAt(base: number, policy: InvPolicy | undefined, iteration: number): number {
  return policy ? base * Math.pow(1 + policy.gamma * iteration, -policy.power) : base;
}

/**
 * Momentum SGD with weight decay and a learning-rate policy, for recipes such as Caffe's
 * LeNet solver. The update is tfjs's momentum form (v ← m·v + g; w ← w − lr·v), which equals
 * Caffe's (v ← m·v + lr·g; w ← w − v) while the rate is constant and differs by the slow
 * change of the `inv` rate otherwise.
 */
export class SolverSGD extends MomentumSGD {
  constructor(
    private readonly baseRate: number,
    momentum: number,
    private readonly extras: SolverExtras,
  ) {
    super(baseRate, momentum);
  }

  override applyGradients(variableGradients: Gradients): void {
    this.setLearningRate(learningRateAt(this.baseRate, this.extras.lrPolicy, this.iterations));
    const decay = this.extras.weightDecay ?? 0;
    const named: NamedGradient[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    if (decay === 0) {
      super.applyGradients(named);
      return;
    }
    const decayed = tf.tidy(() =>
      named.map(({ name, tensor }) => {
        const value = tf.engine().registeredVariables[name];
        return { name, tensor: value ? tensor.add(value.mul(decay)) : tensor.clone() };
      }),
    );
    try {
      super.applyGradients(decayed);
    } finally {
      tf.dispose(decayed.map((d) => d.tensor));
    }
  }
}

/** A fresh optimizer for one training or fine-tuning run; dispose it afterwards. */
export function createOptimizer(s: SolverSettings): tf.Optimizer {
  if (s.optimizer === 'adam') return tf.train.adam(s.learningRate);
  if (s.weightDecay !== undefined || s.lrPolicy !== undefined) return new SolverSGD(s.learningRate, s.momentum, s);
  return momentumSGD(s.learningRate, s.momentum);
}
