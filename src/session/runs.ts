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
import { trainModel } from '../core/train/trainLoop';
import type { Emit } from '../protocol/events';
import type { RunKind } from '../protocol/results';

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
  /** Called after every optimizer step (pruning masks are re-applied there). */
  readonly afterStep?: () => void;
  /** Measure the test set after every epoch (the dense run's curve). */
  readonly evaluateEpochs?: boolean;
  /** A faster way to measure the model on the test set (the text model's plain-array path). */
  readonly evaluateModel?: () => Promise<EvalResult>;
}

export interface RunOutcome {
  readonly stopped: boolean;
  /** The loss stopped being finite at this step (the run was ended there); null when it stayed finite. */
  readonly divergedAt: number | null;
  readonly trainSeconds: number;
  readonly itemsPerSec: number;
  readonly evalSeconds: number;
  /** The final full test-set evaluation (with confusion counts). */
  readonly evaluation: EvalResult;
  readonly epochAccuracies: readonly number[];
}

/** Trains `env.model` as `spec` says and measures it; emits runStart, runProgress, epochEnd and stage events. */
export async function runTraining(spec: RunSpec, env: RunEnv): Promise<RunOutcome> {
  const { model, emit, task } = env;
  const optimizer = createOptimizer(spec);
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
    const result = await trainModel(model, env.train, {
      epochs: spec.epochs,
      batchSize: spec.batchSize,
      seed: spec.seed,
      optimizer,
      task,
      signal: stop.signal,
      afterStep: env.afterStep,
      onProgress: (progress) => {
        const bad = progress.losses.findIndex((l) => !Number.isFinite(l));
        if (bad >= 0 && divergedAt === null) {
          divergedAt = progress.firstStep + bad;
          stop.abort();
        }
        emit({ type: 'runProgress', kind: spec.kind, progress });
      },
      onEpochEnd: env.evaluateEpochs
        ? async (epoch) => {
            if (stop.signal.aborted) return;
            last = await measure();
            epochAccuracies.push(last.accuracy);
            emit({ type: 'epochEnd', kind: spec.kind, epoch, testAccuracy: last.accuracy, testLoss: last.loss });
          }
        : undefined,
    });
    const trainSeconds = Math.max(result.seconds - evalSeconds, 1e-9);
    const evaluation: EvalResult = (result.stopped || !last ? null : last) ?? (await measure());
    return {
      stopped: result.stopped && divergedAt === null,
      divergedAt,
      trainSeconds,
      itemsPerSec: result.examples / trainSeconds,
      evalSeconds,
      evaluation,
      epochAccuracies,
    };
  } finally {
    env.signal?.removeEventListener('abort', onAbort);
    optimizer.dispose();
  }
}
