// Pruning on the worker's trained model: a history of checkpoints, slider previews
// (stats at once, then an accuracy estimate on a fixed test subset, or the full test set
// on release), and fine-tuning with the masks held, which commits a new anchor.

import type * as tf from '@tensorflow/tfjs';
import type { CheckpointInfo, Emit, ModelSizes } from './events';
import { DeviceMasks, snapshotWeights, writeWeights, type WeightSnapshot } from './pruning/apply';
import { PruneController, type PruneOutcome, type PruneRequest } from './pruning/controller';
import { gzipBytes, sizeReport, type TensorForSize } from './stats/size';
import type { BatchSource } from './train/batchSource';
import { evaluate } from './train/evaluate';
import { textProbability, type TextWeights } from './models/textForward';
import { createOptimizer, type OptimizerSettings } from './train/optimizers';
import type { Task } from './train/task';
import { trainModel } from './train/trainLoop';

export interface PruneSessionDeps {
  readonly model: tf.LayersModel;
  readonly prunableLayers: readonly string[];
  readonly task: Task;
  readonly trainSet: BatchSource;
  readonly testSet: BatchSource;
  /** A fixed subset of the test set for quick estimates while dragging. */
  readonly estimateSet: BatchSource;
  readonly emit: Emit;
}

export interface FinetuneSettings extends OptimizerSettings {
  readonly epochs: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly signal: AbortSignal;
}

export async function modelSizes(snapshot: WeightSnapshot, prunable: readonly string[], replace?: ReadonlyMap<string, Float32Array>): Promise<ModelSizes> {
  const tensors: TensorForSize[] = snapshot.names.map((name, i) => ({
    name,
    shape: snapshot.shapes[i],
    values: replace?.get(name) ?? snapshot.values[i],
    prunable: prunable.some((l) => name === `${l}/kernel`),
  }));
  return { ...sizeReport(tensors), gzipBytes: await gzipBytes(tensors) };
}

export class PruneSession {
  private controller: PruneController;
  private current: PruneOutcome | null = null;
  /** True while the model's weights lag behind `current` (written lazily, before use). */
  private stale = false;
  private readonly checkpoints: CheckpointInfo[] = [];
  private readonly snapshots: WeightSnapshot[] = [];

  private constructor(
    private readonly deps: PruneSessionDeps,
    anchor: WeightSnapshot,
  ) {
    this.controller = new PruneController(deps.prunableLayers, anchor);
  }

  /** Starts from the freshly trained dense model (checkpoint 0). */
  static async fromTrained(deps: PruneSessionDeps, accuracy: number): Promise<PruneSession> {
    const anchor = await snapshotWeights(deps.model);
    const session = new PruneSession(deps, anchor);
    await session.commit('dense', 0, accuracy, anchor);
    return session;
  }

  private async commit(kind: CheckpointInfo['kind'], sparsity: number, accuracy: number, anchor: WeightSnapshot) {
    const label = kind === 'dense' ? 'dense' : `fine-tuned at ${(sparsity * 100).toFixed(1)}%`;
    const checkpoint: CheckpointInfo = { id: this.checkpoints.length, kind, label, sparsity, accuracy };
    this.checkpoints.push(checkpoint);
    this.snapshots.push(anchor);
    this.deps.emit({ type: 'checkpoint', checkpoint, sizes: await modelSizes(anchor, this.deps.prunableLayers) });
  }

  /** Prunes from checkpoint `id` from now on (e.g. back to the dense model), keeping the current request. */
  selectAnchor(id: number): void {
    const anchor = this.snapshots[id];
    if (!anchor) throw new Error(`no checkpoint ${id}`);
    this.controller = new PruneController(this.deps.prunableLayers, anchor);
    this.deps.emit({ type: 'anchor', id });
    if (this.current) this.preview(-1, this.current.stats.request);
    else writeWeights(this.deps.model, anchor);
    this.applyToModel();
  }

  /**
   * Computes masks and stats for `request` (plain-array work, fast enough for every slider
   * move). The model's weights are updated lazily, only before they are used.
   */
  preview(id: number, request: PruneRequest): PruneOutcome {
    const outcome = this.controller.compute(request);
    this.current = outcome;
    this.stale = true;
    this.deps.emit({ type: 'pruneStats', id, stats: outcome.stats });
    return outcome;
  }

  /** Writes anchor ⊙ mask of the current request into the model, if it is behind. */
  applyToModel(): void {
    if (!this.current || !this.stale) return;
    writeWeights(this.deps.model, this.controller.anchor, this.current.kernels);
    this.stale = false;
  }

  /**
   * Accuracy of the current pruned model: an estimate on the subset, or the full test set
   * (then also its sizes). Figures are those of the request current when it started, even
   * if newer previews arrive meanwhile; `signal` aborts it (an AbortError).
   */
  async measure(id: number, full: boolean, signal?: AbortSignal): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.applyToModel();
    const set = full ? this.deps.testSet : this.deps.estimateSet;
    const started = performance.now();
    // Small estimate batches: a newer slider move waits at most one batch before its preview runs.
    const result = await evaluate(this.deps.model, set, { task: this.deps.task, signal, batchSize: full ? 500 : 50 });
    const seconds = (performance.now() - started) / 1000;
    this.deps.emit({
      type: 'pruneAccuracy',
      id,
      accuracy: result.accuracy,
      estimate: !full,
      examples: result.count,
      sparsity: current.stats.sparsity,
      seconds,
    });
    if (full) {
      const sizes = await modelSizes(this.controller.anchor, this.deps.prunableLayers, current.kernels);
      this.deps.emit({ type: 'pruneSizes', id, sizes });
    }
  }

  /** Trains the pruned model with its masks held after every step; commits a checkpoint. */
  async finetune(settings: FinetuneSettings): Promise<void> {
    const outcome = this.current;
    if (!outcome) throw new Error('Prune the model before fine-tuning it.');
    this.applyToModel();
    const { model, trainSet, emit } = this.deps;
    const masks = DeviceMasks.create(model, this.deps.prunableLayers, outcome.masks);
    const optimizer = createOptimizer(settings);
    try {
      emit({
        type: 'trainStart',
        kind: 'finetune',
        epochs: settings.epochs,
        totalSteps: Math.ceil(trainSet.count / settings.batchSize) * settings.epochs,
        params: model.countParams(),
      });
      masks.apply();
      const result = await trainModel(model, trainSet, {
        epochs: settings.epochs,
        batchSize: settings.batchSize,
        seed: settings.seed,
        optimizer,
        task: this.deps.task,
        signal: settings.signal,
        afterStep: () => masks.apply(),
        onProgress: (progress) => emit({ type: 'trainProgress', progress }),
      });
      emit({ type: 'evaluating' });
      const ev = await evaluate(model, this.deps.testSet, { task: this.deps.task });
      emit({
        type: 'trainDone',
        kind: 'finetune',
        stopped: result.stopped,
        seconds: result.seconds,
        imagesPerSec: result.imagesPerSec,
        testAccuracy: ev.accuracy,
      });
      const anchor = await snapshotWeights(model);
      this.controller = new PruneController(this.deps.prunableLayers, anchor);
      await this.commit('finetuned', outcome.stats.sparsity, ev.accuracy, anchor);
      this.deps.emit({ type: 'anchor', id: this.checkpoints.length - 1 });
      // Same request from the new anchor: the pruned weights are its zeros, so the mask is unchanged.
      this.preview(-1, outcome.stats.request);
      this.applyToModel();
    } finally {
      masks.dispose();
      optimizer.dispose();
    }
  }

  /** Positive probability of a review (token ids) under the dense checkpoint and the current pruned weights. */
  scoreText(ids: Uint16Array): { dense: number; pruned: number } {
    const dense = textWeights(this.snapshots[0]);
    const pruned = textWeights(this.controller.anchor, this.current?.kernels);
    return { dense: textProbability(ids, dense), pruned: textProbability(ids, pruned) };
  }
}

function textWeights(snapshot: WeightSnapshot, replace?: ReadonlyMap<string, Float32Array>): TextWeights {
  const get = (name: string) => {
    const i = snapshot.names.indexOf(name);
    if (i < 0) throw new Error(`the model has no ${name}: not a text classifier`);
    return replace?.get(name) ?? snapshot.values[i];
  };
  return {
    embedding: get('embedding/kernel'),
    fc1Kernel: get('fc1/kernel'),
    fc1Bias: get('fc1/bias'),
    fc2Kernel: get('fc2/kernel'),
    fc2Bias: get('fc2/bias'),
  };
}
