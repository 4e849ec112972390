// Training that survives a lost GPU device. The run takes a CPU snapshot of the model's
// weights and the optimizer's slots about once a second (asynchronously: no stall), and
// when the device is lost it moves tfjs to the next backend, writes the last snapshot into
// the same model and a fresh optimizer there, rebuilds the per-step hook (pruning masks,
// from their CPU copies) and resumes at the snapshot's position, replaying the same
// deterministic batches. Nothing is lost but the work since the snapshot, which is redone;
// progress events stay in step order without repeats. Only the backend switch and the
// optimizer's construction are injected, so the worker, Node scripts and tests share it.

import type * as tf from '@tensorflow/tfjs';
import type { BatchSource } from './batchSource';
import { trainModel, type TrainOptions, type TrainProgress, type TrainResult } from './trainLoop';
import { captureSnapshot, restoreSnapshot, RUN_START, type TrainSnapshot } from './trainSnapshot';

/** Per-step work whose tensors live on the device (e.g. DeviceMasks): rebuilt after a loss. */
export interface StepHook {
  /** Before the step with this index (steps done so far); awaited (e.g. AGP recomputing its masks). */
  beforeStep?(step: number): void | Promise<void>;
  afterStep(): void;
  /** A snapshot at this step was taken: training never resumes before it, so older state may go. */
  snapshotAt?(step: number): void;
  dispose(): void;
}

/** Builds a step hook on the active backend for a run that starts or resumes at step `at`. */
export type StepHookFactory = (at: number) => StepHook;

export interface Recovery {
  /** Why the device was lost. */
  readonly reason: string;
  /** The backend training moved to. */
  readonly backend: string;
  /** Step count of the snapshot training resumed from. */
  readonly resumedAtStep: number;
  /** Steps already done on the lost device after that snapshot, now done again. */
  readonly redoneSteps: number;
}

export interface RecoveryHooks {
  /** Settles with a reason when the active backend's device is lost; null when it cannot be (see whenDeviceLost). */
  deviceLost(): Promise<string> | null;
  /** The reason when a failure itself says the device is lost (before deviceLost settles); null otherwise. */
  lossIn?(e: unknown): string | null;
  /** Makes the next backend active (the worker: chooseBackend without webgpu); resolves with its name. */
  switchBackend(reason: string): Promise<string>;
  /** A fresh optimizer with the run's settings, made on the active backend. */
  createOptimizer(): tf.Optimizer;
  /** Builds the per-step hook on the active backend: at the start and after each recovery. */
  stepHook?: StepHookFactory;
  onRecovered?(r: Recovery): void;
}

/** The recovery hooks for one run, given how to rebuild its optimizer and per-step work (the worker's come from the active backend). */
export type RecoveryFactory = (run: { readonly createOptimizer: () => tf.Optimizer; readonly stepHook?: StepHookFactory }) => RecoveryHooks;

export interface RecoverableOptions extends Omit<TrainOptions, 'beforeStep' | 'afterStep' | 'resumeFrom' | 'onSnapshot' | 'snapshotEveryMs'> {
  readonly recovery: RecoveryHooks;
  /** How often to snapshot while the device can be lost (default 1000 ms). */
  readonly snapshotEveryMs?: number;
  /** Give up after this many losses (default 3). */
  readonly maxRecoveries?: number;
}

export interface RecoverableResult extends TrainResult {
  readonly recoveries: readonly Recovery[];
}

/** How long a failed step may wait for the device's lost promise before the error counts as a plain error. */
const LOSS_CONFIRM_MS = 2000;

export async function trainRecoverable(model: tf.LayersModel, data: BatchSource, opts: RecoverableOptions): Promise<RecoverableResult> {
  const { recovery: hooks, maxRecoveries = 3, snapshotEveryMs = 1000 } = opts;
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const recoveries: Recovery[] = [];
  const owned: tf.Optimizer[] = [];
  let optimizer = opts.optimizer;
  let hook = hooks.stepHook?.(RUN_START.step);
  let snapshot: TrainSnapshot | null = null;
  let lastReported = 0;
  let epochsEnded = 0; // a replay from an older snapshot must not end an epoch twice
  let loss: { reason: string | null } = { reason: null }; // the current attempt's
  const onEpochEnd = async (epoch: number) => {
    if (epoch <= epochsEnded) return;
    const attemptLoss = loss;
    await opts.onEpochEnd?.(epoch);
    // Whatever the epoch's end measured on a lost device is void: end it again after the recovery.
    if (attemptLoss.reason !== null) throw new Error(`the GPU device was lost (${attemptLoss.reason}) while epoch ${epoch} ended`);
    epochsEnded = epoch;
  };
  const onProgress = (p: TrainProgress) => {
    const fresh = withoutRepeats(p, lastReported);
    if (!fresh) return;
    lastReported = p.step;
    opts.onProgress?.(fresh);
  };
  try {
    for (;;) {
      const lost = hooks.deviceLost();
      if (lost && !snapshot) snapshot = await (await captureSnapshot(model, optimizer, RUN_START)).done;
      const attempt = new AbortController();
      const forwardStop = () => attempt.abort();
      opts.signal?.addEventListener('abort', forwardStop, { once: true });
      if (opts.signal?.aborted) attempt.abort();
      const attemptLoss: { reason: string | null } = { reason: null };
      loss = attemptLoss;
      void lost?.then((r) => {
        attemptLoss.reason = r;
        attempt.abort();
      });
      let result: TrainResult | null = null;
      let failure: unknown = null;
      try {
        result = await trainModel(model, data, {
          ...opts,
          optimizer,
          signal: attempt.signal,
          onProgress,
          onEpochEnd,
          beforeStep: hook?.beforeStep && ((step) => hook?.beforeStep?.(step)),
          afterStep: hook && (() => hook?.afterStep()),
          resumeFrom: snapshot?.cursor,
          snapshotEveryMs: lost ? snapshotEveryMs : undefined,
          onSnapshot: (s) => {
            snapshot = s;
            hook?.snapshotAt?.(s.cursor.step);
          },
        });
      } catch (e) {
        failure = e;
        if (lost && loss.reason === null) loss.reason = hooks.lossIn?.(e) ?? null;
        if (lost && loss.reason === null) loss.reason = await Promise.race([lost, delay(LOSS_CONFIRM_MS).then(() => null)]);
      } finally {
        opts.signal?.removeEventListener('abort', forwardStop);
      }
      if (lost && failure === null && loss.reason === null) await delay(0); // a loss at the very end still counts
      const reason = loss.reason;
      if (reason === null) {
        if (failure !== null || !result) throw failure;
        const seconds = (now() - start) / 1000;
        return { ...result, seconds, imagesPerSec: result.examples / Math.max(seconds, 1e-9), recoveries };
      }
      if (!snapshot) throw new Error(`the GPU device was lost (${reason}) before any snapshot of the weights was taken`);
      if (recoveries.length >= maxRecoveries) throw new Error(`the GPU device was lost again (${reason}); gave up after ${maxRecoveries} recoveries`);
      hook?.dispose();
      hook = undefined;
      const backend = await hooks.switchBackend(reason);
      optimizer = hooks.createOptimizer();
      owned.push(optimizer);
      await restoreSnapshot(model, optimizer, snapshot);
      hook = hooks.stepHook?.(snapshot.cursor.step);
      const r: Recovery = { reason, backend, resumedAtStep: snapshot.cursor.step, redoneSteps: Math.max(0, lastReported - snapshot.cursor.step) };
      recoveries.push(r);
      hooks.onRecovered?.(r);
    }
  } finally {
    hook?.dispose();
    for (const o of owned) o.dispose();
  }
}

/** The part of a report after step `after` (null when it holds nothing new): replays are not reported twice. */
export function withoutRepeats(p: TrainProgress, after: number): TrainProgress | null {
  if (p.step <= after) return null;
  if (p.firstStep > after) return p;
  const skip = after - p.firstStep + 1;
  return { ...p, firstStep: after + 1, losses: p.losses.slice(skip), accuracies: p.accuracies.slice(skip) };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
