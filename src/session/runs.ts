// One training run as the page sees it: the start, throttled progress and per-epoch test
// accuracy as events, a stop at any step boundary, and a guard that ends the run as soon
// as the loss is no longer a finite number (the caller then keeps the last good weights).
// Training time and evaluation time are told apart, so "N items/s" means the same thing
// in the progress line and in the summary.

import type * as tf from '@tensorflow/tfjs';
import { batchCount } from '../core/data/batches';
import type { BatchSource } from '../core/train/batchSource';
import { evaluate, type EvalResult } from '../core/train/evaluate';
import { createOptimizer, type OptimizerSettings } from '../core/train/optimizers';
import type { Task } from '../core/train/task';
import type { TrainProgress } from '../core/train/trainLoop';
import { trainHooked } from '../core/train/maskedTraining';
import type { RecoveryFactory } from '../core/train/recoverableTraining';
import type { HeldMasks } from '../core/train/modelWeights';
import { maskStepHook } from '../core/train/maskedTraining';
import type { Emit } from '../protocol/events';
import type { RunKind, RunSummary } from '../protocol/results';
import type { TextSet } from '../core/data/imdb';
import { evaluateTextSet } from '../core/nets/textEvaluate';
import { textWeights } from '../core/nets/textWeights';
import { snapshotWeights } from '../core/train/modelWeights';

export interface RunSpec extends OptimizerSettings {
  readonly kind: RunKind;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
}

export interface RunEnv {
  readonly model: tf.LayersModel;
  readonly train: BatchSource;
  readonly test: BatchSource;
  readonly task: Task;
  readonly emit: Emit;
  readonly signal?: AbortSignal;
  /** Pruning masks (CPU copies) re-applied after every optimizer step. */
  readonly masks?: HeldMasks;
  /** Where training may lose its device (WebGPU): how to carry on on the next backend. */
  readonly recovery?: RecoveryFactory;
  /** Measure the test set after every epoch (the dense run's curve). */
  readonly evaluateEpochs?: boolean;
  /** A faster way to measure the model on the test set (the text model's plain-array path). */
  readonly evaluateModel?: () => Promise<EvalResult>;
}

export type { RecoveryFactory };

export interface RunOutcome {
  readonly stopped: boolean;
  /** The epoch (1-based) a stopped run was in when it stopped; null when it ran to the end. */
  readonly stoppedInEpoch: number | null;
  /** The loss stopped being finite at this step (the run was ended there); null when it stayed finite. */
  readonly divergedAt: number | null;
  readonly trainSeconds: number;
  readonly itemsPerSec: number;
  readonly evalSeconds: number;
  /** The final full test-set evaluation (with confusion counts). */
  readonly evaluation: EvalResult;
  readonly epochAccuracies: readonly number[];
}

/**
 * Progress reports at most 4× a second: each one re-renders the page, whose main thread
 * shares the cores with training (every step's loss still arrives, in the report's arrays).
 */
export const PROGRESS_INTERVAL_MS = 250;

/** Trains `env.model` as `spec` says and measures it; emits runStart, runProgress, epochEnd and stage events. */
export async function runTraining(spec: RunSpec, env: RunEnv): Promise<RunOutcome> {
  const { model, emit, task } = env;
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  env.signal?.addEventListener('abort', onAbort);
  let divergedAt: number | null = null;
  let evalSeconds = 0;
  let last: EvalResult | null = null;
  const epochAccuracies: number[] = [];
  const measure = async (): Promise<EvalResult> => {
    emit({ type: 'stage', stage: 'evaluating' });
    const t0 = performance.now();
    const result = env.evaluateModel ? await env.evaluateModel() : await evaluate(model, env.test, { task, confusion: true });
    evalSeconds += (performance.now() - t0) / 1000;
    emit({ type: 'stage', stage: spec.kind === 'train' ? 'training' : 'finetuning' });
    return result;
  };
  emit({ type: 'stage', stage: spec.kind === 'train' ? 'training' : 'finetuning' });
  emit({ type: 'runStart', kind: spec.kind, epochs: spec.epochs, totalSteps: batchCount(env.train.count, spec.batchSize) * spec.epochs, params: model.countParams() });
  try {
    const stepHook = env.masks ? maskStepHook(model, env.masks) : undefined;
    const options = {
      epochs: spec.epochs,
      batchSize: spec.batchSize,
      seed: spec.seed,
      task,
      signal: stop.signal,
      progressIntervalMs: PROGRESS_INTERVAL_MS,
      onProgress: (progress: TrainProgress) => {
        const bad = progress.losses.findIndex((l) => !Number.isFinite(l));
        if (bad >= 0 && divergedAt === null) {
          divergedAt = progress.firstStep + bad;
          stop.abort();
        }
        emit({ type: 'runProgress', kind: spec.kind, progress });
      },
      onEpochEnd: env.evaluateEpochs
        ? async (epoch: number) => {
            if (stop.signal.aborted) return;
            last = await measure();
            epochAccuracies[epoch - 1] = last.accuracy; // an epoch ended again after a lost device replaces its figure
            emit({ type: 'epochEnd', kind: spec.kind, epoch, testAccuracy: last.accuracy, testLoss: last.loss });
          }
        : undefined,
    };
    const result = await trainHooked(model, env.train, { ...options, createOptimizer: () => createOptimizer(spec), stepHook, recovery: env.recovery });
    const trainSeconds = Math.max(result.seconds - evalSeconds, 1e-9);
    const evaluation: EvalResult = (result.stopped || !last ? null : last) ?? (await measure());
    const stopped = result.stopped && divergedAt === null;
    const perEpoch = batchCount(env.train.count, spec.batchSize);
    return {
      stopped,
      stoppedInEpoch: stopped ? Math.min(spec.epochs, Math.floor(result.steps / Math.max(perEpoch, 1)) + 1) : null,
      divergedAt,
      trainSeconds,
      itemsPerSec: result.examples / trainSeconds,
      evalSeconds,
      evaluation,
      epochAccuracies,
    };
  } finally {
    env.signal?.removeEventListener('abort', onAbort);
  }
}

/** The reply of a training or fine-tuning call. */
export function summaryOf(kind: RunKind, run: RunOutcome, checkpointId: number | null): RunSummary {
  return { kind, stopped: run.stopped, trainSeconds: run.trainSeconds, itemsPerSec: run.itemsPerSec, evalSeconds: run.evalSeconds, testAccuracy: run.evaluation.accuracy, checkpointId };
}

/** How a run measures `model`: in plain arrays for the text model (much faster than tfjs), else undefined (tfjs). */
export function textEvaluator(data: { readonly texts?: { readonly test: TextSet } }, model: tf.LayersModel): (() => Promise<EvalResult>) | undefined {
  const texts = data.texts;
  if (!texts) return undefined;
  return async () => evaluateTextSet(texts.test, textWeights(await snapshotWeights(model)), { confusion: true });
}
