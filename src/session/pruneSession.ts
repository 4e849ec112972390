// Pruning on the worker's trained model: a history of checkpoints, slider previews
// (stats at once, then an accuracy estimate on a fixed test subset, or the full test set
// on release), and fine-tuning with the masks held, which commits a new anchor. Scores come
// from the session's criterion (magnitude by default; setCriterion rescores the anchor);
// the science jobs (src/session/scienceJobs.ts) run on its context and commit their results.

import type * as tf from '@tensorflow/tfjs';
import type { CheckpointInfo, Emit, ModelSizes } from '../protocol/events';
import { DeviceMasks, snapshotWeights, writeWeights, type WeightSnapshot } from '../core/prune/apply';
import { PruneController, type PruneOutcome, type PruneRequest } from '../core/prune/controller';
import type { GradientOptions } from '../core/prune/gradients';
import { needsGradients, type Criterion } from '../core/prune/scores';
import type { LabContext } from '../core/experiments/context';
import { DEFAULT_SCORING, plainController, scoredController, type ScoringSettings } from '../core/experiments/scoring';
import { gzipBytes, sizeReport, type TensorForSize } from '../core/stats/size';
import type { BatchSource } from '../core/train/batchSource';
import { evaluate } from '../core/train/evaluate';
import { textProbability } from '../core/models/textForward';
import { textWeights } from '../core/models/textWeights';
import { createOptimizer, type OptimizerSettings } from '../core/train/optimizers';
import type { Task } from '../core/train/task';
import { trainModel } from '../core/train/trainLoop';
import type { InspectWeights } from '../core/inspect/inspectionModels';
import { confusionEvent } from '../protocol/toolEvents';

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
  private scoring: ScoringSettings = DEFAULT_SCORING;
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

  /** Starts from the freshly trained dense model (checkpoint 0; or an imported one). */
  static async fromTrained(deps: PruneSessionDeps, accuracy: number, kind: CheckpointInfo['kind'] = 'dense', sparsity = 0): Promise<PruneSession> {
    const anchor = await snapshotWeights(deps.model);
    const session = new PruneSession(deps, anchor);
    await session.commit(kind, sparsity, accuracy, anchor);
    return session;
  }

  private async commit(kind: CheckpointInfo['kind'], sparsity: number, accuracy: number, anchor: WeightSnapshot, name?: string) {
    const at = `${(sparsity * 100).toFixed(1)}%`;
    const label = name ?? (kind === 'dense' ? 'dense' : kind === 'imported' ? `imported (${at} zeros)` : `fine-tuned at ${at}`);
    const checkpoint: CheckpointInfo = { id: this.checkpoints.length, kind, label, sparsity, accuracy };
    this.checkpoints.push(checkpoint);
    this.snapshots.push(anchor);
    this.deps.emit({ type: 'checkpoint', checkpoint, sizes: await modelSizes(anchor, this.deps.prunableLayers) });
  }

  /**
   * Prunes from checkpoint `id` from now on (e.g. back to the dense model), keeping the current
   * request. Synchronous unless the criterion needs gradients of the new anchor.
   */
  selectAnchor(id: number): Promise<void> {
    const anchor = this.snapshots[id];
    if (!anchor) throw new Error(`no checkpoint ${id}`);
    const use = (controller: PruneController) => {
      this.controller = controller;
      this.deps.emit({ type: 'anchor', id });
      if (this.current) this.preview(-1, this.current.stats.request);
      else writeWeights(this.deps.model, anchor);
      this.applyToModel();
    };
    const plain = plainController(this.deps.prunableLayers, anchor, this.scoring);
    if (plain) {
      use(plain);
      return Promise.resolve();
    }
    return this.scoredController(anchor).then(use);
  }

  /** A controller under the session's criterion (gradient criteria write `anchor` into the model). */
  private scoredController(anchor: WeightSnapshot, signal?: AbortSignal): Promise<PruneController> {
    if (needsGradients(this.scoring.criterion)) this.stale = true;
    return scoredController(this.context(), anchor, this.scoring, signal);
  }

  get scoringSettings(): ScoringSettings {
    return this.scoring;
  }

  /**
   * Scores the current anchor under `criterion` (taylor/fisher: gradients over a few training
   * batches) and re-previews the current request; emits 'criterion' and 'pruneStats'.
   */
  async setCriterion(criterion: Criterion, options: { seed?: number; gradients?: GradientOptions; signal?: AbortSignal } = {}): Promise<void> {
    const previous = this.scoring;
    this.scoring = { criterion, seed: options.seed ?? previous.seed, gradients: options.gradients ?? previous.gradients };
    const started = performance.now();
    try {
      this.controller = await this.scoredController(this.controller.anchor, options.signal);
    } catch (e) {
      this.scoring = previous;
      this.restoreModel();
      throw e;
    }
    this.deps.emit({ type: 'criterion', criterion, seconds: (performance.now() - started) / 1000 });
    if (this.current) this.preview(-1, this.current.stats.request);
    this.restoreModel();
  }

  /** What the science jobs work on; accuracies on the test set, or on its first `examples`. */
  context(testSet: BatchSource = this.deps.testSet): LabContext {
    const { model, prunableLayers, task, trainSet } = this.deps;
    return { model, layers: prunableLayers, task, trainSet, testSet };
  }

  get anchor(): WeightSnapshot {
    return this.controller.anchor;
  }

  get outcome(): PruneOutcome | null {
    return this.current;
  }

  /** Puts the current pruning (or the anchor) back into the model after a job wrote other weights. */
  restoreModel(): void {
    this.stale = true;
    if (this.current) this.applyToModel();
    else writeWeights(this.deps.model, this.controller.anchor);
  }

  /** Commits a schedule's final weights as a checkpoint and prunes from it with `request`. */
  async adopt(weights: WeightSnapshot, request: PruneRequest | null, accuracy: number, sparsity: number, label: string): Promise<void> {
    await this.commit('finetuned', sparsity, accuracy, weights, label);
    this.controller = await this.scoredController(weights);
    this.deps.emit({ type: 'anchor', id: this.checkpoints.length - 1 });
    if (request) this.preview(-1, request);
    this.restoreModel();
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
    const result = await evaluate(this.deps.model, set, { task: this.deps.task, signal, batchSize: full ? 500 : 50, confusion: full });
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
    const confusion = confusionEvent(id, result);
    if (confusion) this.deps.emit(confusion);
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
    const masks = DeviceMasks.create(model, this.deps.prunableLayers, outcome.masks, outcome.biasMasks);
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
      const ev = await evaluate(model, this.deps.testSet, { task: this.deps.task, confusion: true });
      emit({
        type: 'trainDone',
        kind: 'finetune',
        stopped: result.stopped,
        seconds: result.seconds,
        imagesPerSec: result.imagesPerSec,
        testAccuracy: ev.accuracy,
      });
      const confusion = confusionEvent(-1, ev);
      if (confusion) emit(confusion);
      const anchor = await snapshotWeights(model);
      this.controller = await this.scoredController(anchor);
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

  /** Commits weights from outside (restored from storage) as a checkpoint; the anchor stays. */
  async addCheckpoint(kind: CheckpointInfo['kind'], weights: WeightSnapshot, sparsity: number, accuracy: number): Promise<number> {
    await this.commit(kind, sparsity, accuracy, weights);
    return this.checkpoints.length - 1;
  }

  /** Checkpoint `id` and its weights (plain arrays; storage and export read them). */
  checkpoint(id: number): { readonly info: CheckpointInfo; readonly weights: WeightSnapshot } | undefined {
    return this.checkpoints[id] && { info: this.checkpoints[id], weights: this.snapshots[id] };
  }

  /** The dense checkpoint and the current pruned weights, for inspection copies and export. */
  inspectWeights(): InspectWeights & { readonly request: PruneRequest | null } {
    return { dense: this.snapshots[0], anchor: this.controller.anchor, kernels: this.current?.kernels, request: this.current?.stats.request ?? null };
  }

  /** Positive probability of a review (token ids) under the dense checkpoint and the current pruned weights. */
  scoreText(ids: Uint16Array): { dense: number; pruned: number } {
    const dense = textWeights(this.snapshots[0]);
    const pruned = textWeights(this.controller.anchor, this.current?.kernels);
    return { dense: textProbability(ids, dense), pruned: textProbability(ids, pruned) };
  }
}
