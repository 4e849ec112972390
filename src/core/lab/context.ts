// What the science jobs (sweep, sensitivity, schedules) share: the model and data they
// work on, how a pruning is specified (criterion, scope, structure, layers), how training
// is specified, and the steps every job repeats: write anchor ⊙ mask into the model, train
// with the masks held, evaluate (scoring an anchor is scoring.ts).

import type * as tf from '@tensorflow/tfjs';
import { writeWeights, type HeldMasks } from '../train/modelWeights';
import type { PruneOutcome } from '../prune/controller';
import type { GradientOptions } from './gradients';
import { applyMask } from '../prune/masks';
import type { BatchSource } from '../train/batchSource';
import { evaluate } from '../train/evaluate';
import { createOptimizer, type OptimizerSettings } from '../train/optimizers';
import type { Task } from '../train/task';
import { trainHooked } from '../train/maskedTraining';
import type { RecoveryFactory, StepHookFactory } from '../train/recoverableTraining';
import { maskStepHook } from '../train/maskedTraining';
import type { TrainProgress, TrainResult } from '../train/trainLoop';
import type { PruneMethod } from '../method';
import { type WeightSnapshot, kernelName, replaceWeights, weightValues } from '../weights';
import type { JobProgress } from '../results/science';
export type { ScienceJob, JobProgress } from '../results/science';

export interface LabContext {
  readonly model: tf.LayersModel;
  /** The prunable layers, in forward order (a chain; the last is the output layer). */
  readonly layers: readonly string[];
  readonly task: Task;
  readonly trainSet: BatchSource;
  /** Where accuracies are measured. */
  readonly testSet: BatchSource;
  /**
   * Measures the model as it stands on the test set some faster way (the text model in
   * plain arrays); tfjs evaluation of testSet when absent.
   */
  readonly evaluate?: (signal?: AbortSignal) => Promise<number>;
  /** Where training may lose its device (WebGPU): how masked training carries on on the next backend. */
  readonly recovery?: RecoveryFactory;
}

/** How a job prunes: the method (its rate is set per step) and how its criterion scores. */
export interface PruneSpec {
  readonly method: PruneMethod;
  /** Seed of the random criterion and of the gradient batches. */
  readonly seed: number;
  /** Batches for taylor/fisher gradients. */
  readonly gradients?: GradientOptions;
}

export interface TrainSpec extends OptimizerSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
}

export type OnJobProgress = (p: JobProgress) => void;

/** The spec's method at `rate`. */
export function methodAt(spec: PruneSpec, rate: number): PruneMethod {
  return { ...spec.method, rate };
}

/** `weights` with the outcome's masks applied (kernels and the biases of removed channels). */
export function maskWeights(weights: WeightSnapshot, layers: readonly string[], outcome: PruneOutcome): WeightSnapshot {
  const replace = new Map<string, Float32Array>();
  layers.forEach((l, i) => replace.set(kernelName(l), applyMask(weightValues(weights, kernelName(l)), outcome.masks[i])));
  outcome.biasMasks.forEach((m, name) => replace.set(name, applyMask(weightValues(weights, name), m)));
  return replaceWeights(weights, replace);
}

export async function accuracyOf(ctx: LabContext, signal?: AbortSignal): Promise<number> {
  if (ctx.evaluate) return ctx.evaluate(signal);
  return (await evaluate(ctx.model, ctx.testSet, { task: ctx.task, signal })).accuracy;
}

/** Accuracy of `weights` with the outcome's pruned kernels written into the model (left there). */
export async function prunedAccuracy(ctx: LabContext, weights: WeightSnapshot, outcome: PruneOutcome, signal?: AbortSignal): Promise<number> {
  writeWeights(ctx.model, weights, outcome.kernels);
  return accuracyOf(ctx, signal);
}

/** The masks of `outcome` as a run holds them (kernels and removed channels' biases). */
export function heldMasksOf(ctx: LabContext, outcome: PruneOutcome): HeldMasks {
  return { layers: ctx.layers, masks: outcome.masks, others: outcome.biasMasks };
}

/**
 * Trains the model as it stands with `held` masks re-applied after every step (or a step
 * hook that changes them between steps, AGP's); with `ctx.recovery`, a lost device moves
 * the run to the next backend, masks rebuilt there. `onEpochEnd` may evaluate.
 */
export async function trainMasked(
  ctx: LabContext,
  held: HeldMasks | StepHookFactory,
  train: TrainSpec,
  hooks: { signal?: AbortSignal; progressIntervalMs?: number; onProgress?: (p: TrainProgress) => void; onEpochEnd?: (epoch: number) => Promise<void> } = {},
): Promise<TrainResult> {
  return trainHooked(ctx.model, ctx.trainSet, {
    ...hooks,
    epochs: train.epochs,
    batchSize: train.batchSize,
    seed: train.seed,
    task: ctx.task,
    createOptimizer: () => createOptimizer(train),
    stepHook: typeof held === 'function' ? held : maskStepHook(ctx.model, held),
    recovery: ctx.recovery,
  });
}
