// Pruning on the worker's model: the session's checkpoints, the anchor the masks apply to,
// the criterion's controller, and the model on screen (the latest preview, as a ModelView).
// Previews are plain-array work; measurements, rescoring and writes to the model run under
// the lab's ModelLock (the caller holds it). Every figure it reports is counted from the
// actual weights and masks.

import type * as tf from '@tensorflow/tfjs';
import { snapshotWeights, writeWeights, type HeldMasks } from '../core/train/modelWeights';
import { firstExamples } from '../core/lab/subset';
import type { PruneController, PruneOutcome } from '../core/prune/controller';
import { modelView, type ModelView } from '../core/prune/view';
import { scoredController, DEFAULT_SCORING, type ScoringOptions } from '../core/lab/scoring';
import type { LabContext } from '../core/lab/context';
import type { CompactSummary } from '../core/results/compact';
import { needsModelData, type PruneMethod } from '../core/method';
import type { ModelSpec } from '../core/nets/registry';
import { modelSizes } from '../core/stats/modelSizes';
import type { BatchSource } from '../core/train/batchSource';
import { evaluate, type EvalResult } from '../core/train/evaluate';
import { takeFirstTexts, type TextSet } from '../core/data/imdb';
import { evaluateTextSet } from '../core/nets/textEvaluate';
import { textWeights } from '../core/nets/textWeights';
import { layerCounts, sparsityTotals, type WeightSnapshot } from '../core/weights';
import type { Emit } from '../protocol/events';
import type { PruneReply } from '../protocol/calls';
import type { CheckpointInfo, CheckpointKind, Measurement } from '../protocol/results';
import { checkpointLabel, type CheckpointOrigin } from './checkpointLabel';

export interface PruneDeps {
  readonly model: tf.LayersModel;
  readonly spec: ModelSpec;
  readonly train: BatchSource;
  readonly test: BatchSource;
  /** A fixed subset of the test set for quick estimates while dragging. */
  readonly estimate: BatchSource;
  readonly emit: Emit;
  /** The text model's test reviews as token ids: measured in plain arrays, far faster than through the bag-of-words tensors. */
  readonly texts?: { readonly test: TextSet; readonly estimate: TextSet };
  /** The next view number (shared by every pruning session of the lab, so it never repeats). */
  readonly nextSeq: () => number;
}

/** Weights a run has just measured, and that measurement. */
export interface MeasuredWeights {
  readonly weights: WeightSnapshot;
  readonly evaluation: EvalResult;
  readonly seconds: number;
}

interface Checkpoint {
  readonly info: CheckpointInfo;
  readonly weights: WeightSnapshot;
}

export class PruneSession {
  private readonly checkpoints: Checkpoint[] = [];
  private anchorId = 0;
  private controller: PruneController | null = null;
  private current: PruneOutcome | null = null;
  private shown: ModelView | null = null;
  /** The compaction of a view (Compact): export then writes the compact model. */
  compaction: { readonly viewSeq: number; readonly summary: CompactSummary } | null = null;
  /** True while the model's weights differ from the shown view's (written lazily, before use). */
  private stale = true;

  /** The model the masks are written into (replaced when a lost GPU device moves the lab to another backend). */
  private model: tf.LayersModel;

  constructor(
    private readonly deps: PruneDeps,
    private readonly scoring: ScoringOptions = DEFAULT_SCORING,
  ) {
    this.model = deps.model;
  }

  /** Works on `model` from now on (built on another backend); its weights are written before use. */
  replaceModel(model: tf.LayersModel): void {
    this.model = model;
    this.stale = true;
  }

  get layers(): readonly string[] {
    return this.deps.spec.prunableLayers;
  }

  /** The model on screen. */
  get view(): ModelView | null {
    return this.shown;
  }

  get outcome(): PruneOutcome | null {
    return this.current;
  }

  get anchor(): WeightSnapshot {
    return this.checkpoints[this.anchorId].weights;
  }

  get anchorIndex(): number {
    return this.anchorId;
  }

  /** Checkpoint `id` and its weights. */
  checkpoint(id: number): Checkpoint | undefined {
    return this.checkpoints[id];
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  /** What the experiments work on; accuracies on the test set, or on its first `examples`. */
  context(examples?: number): LabContext {
    const { spec, train, test, texts } = this.deps;
    const model = this.model;
    const testSet = examples ? firstExamples(test, examples) : test;
    const base = { model, layers: spec.prunableLayers, task: spec.task, trainSet: train, testSet };
    if (!texts) return base;
    // The text model is measured in plain arrays: the same reviews, far faster than through tfjs.
    const reviews = examples ? takeFirstTexts(texts.test, examples) : texts.test;
    return { ...base, evaluate: async (signal) => (await evaluateTextSet(reviews, textWeights(await snapshotWeights(model)), { signal })).accuracy };
  }

  /**
   * Commits `weights` as a checkpoint (zeros counted over `method`'s layers); it does not
   * change the anchor. A dense or imported checkpoint is its own root; any other descends
   * from the anchor's root, unless `root` names it (a restored history). `origin` names its
   * parent and how it was made, for its label.
   */
  async commit(kind: CheckpointKind, weights: WeightSnapshot, accuracy: number, examples: number, method: PruneMethod, name?: string, origin?: CheckpointOrigin, root?: number): Promise<CheckpointInfo> {
    const id = this.checkpoints.length;
    const ownRoot = kind === 'dense' || kind === 'imported';
    const from = ownRoot ? id : (root ?? this.checkpoints[this.anchorId]?.info.root ?? 0);
    const layers = layerCounts(weights, this.layers, method.layers);
    const sparsity = sparsityTotals(layers, 'selected').sparsity;
    const sizes = await modelSizes(weights, this.layers);
    const label = checkpointLabel(id, kind, sparsity, name, origin);
    const info: CheckpointInfo = { id, kind, label, parent: origin?.parent ?? null, root: from, sparsity, accuracy, examples, layers, sizes };
    this.checkpoints.push({ info, weights });
    this.announce();
    return info;
  }

  private announce(): void {
    this.deps.emit({ type: 'checkpoints', list: this.checkpoints.map((c) => c.info), anchorId: this.anchorId });
  }

  /**
   * Prunes from checkpoint `id` from now on. The controller is rebuilt lazily (prepare):
   * gradient criteria need the model, which only the lock holder may touch.
   */
  setAnchor(id: number): void {
    if (!this.checkpoints[id]) throw new Error(`There is no checkpoint #${id}.`);
    this.anchorId = id;
    this.controller = null;
    this.stale = true;
    this.announce();
  }

  /** Scores the anchor under `method`'s criterion if it is not yet (the lock holder calls it). */
  async prepare(method: PruneMethod, signal?: AbortSignal): Promise<void> {
    if (this.controller && this.controller.criterion === method.criterion && this.controller.anchor === this.anchor) return;
    if (needsModelData(method.criterion)) {
      this.deps.emit({ type: 'stage', stage: 'scoring' });
      this.stale = true; // the statistics are taken with the anchor written into the model
    }
    this.controller = await scoredController(this.context(), this.anchor, method.criterion, this.scoring, signal);
  }

  /** True when `method` can be previewed without scoring first. */
  ready(method: PruneMethod): boolean {
    return this.controller !== null && this.controller.criterion === method.criterion && this.controller.anchor === this.anchor;
  }

  /** Computes and shows the masks of `method` (plain arrays); returns the view's seq. */
  preview(method: PruneMethod): number {
    if (!this.controller || !this.ready(method)) throw new Error('The pruning criterion is not scored yet.');
    const outcome = this.controller.compute(method);
    this.current = outcome;
    this.stale = true;
    this.shown = modelView(outcome.stats, this.deps.nextSeq(), this.anchorId);
    this.deps.emit({ type: 'view', view: this.shown });
    return this.shown.seq;
  }

  /** Writes anchor ⊙ mask of the view on screen into the model, if it is behind (lock holder only). */
  applyToModel(): void {
    if (!this.stale) return;
    if (this.current) writeWeights(this.model, this.anchor, this.current.kernels);
    else writeWeights(this.model, this.anchor);
    this.stale = false;
  }

  /** The model's weights were overwritten (an experiment): write the view on screen back before the next use. */
  invalidateModel(): void {
    this.stale = true;
  }

  /** The weights of the model on screen (anchor ⊙ mask). */
  currentWeights(): { readonly anchor: WeightSnapshot; readonly kernels: ReadonlyMap<string, Float32Array> | undefined } {
    return { anchor: this.anchor, kernels: this.current?.kernels };
  }

  /** Measures view `viewSeq` (lock holder only): an estimate on the subset, or the full test set with sizes and confusion. */
  async measure(viewSeq: number, full: boolean, signal?: AbortSignal): Promise<Measurement> {
    if (!this.shown || this.shown.seq !== viewSeq) throw new DOMException('a newer setting replaced this one', 'AbortError');
    const started = performance.now();
    const result = await this.evaluateShown(full, signal);
    return this.report(viewSeq, result, !full, (performance.now() - started) / 1000);
  }

  /** The model on screen on the estimate subset or the full test set. */
  private evaluateShown(full: boolean, signal?: AbortSignal): Promise<EvalResult> {
    const texts = this.deps.texts;
    if (texts) {
      const { anchor, kernels } = this.currentWeights();
      return evaluateTextSet(full ? texts.test : texts.estimate, textWeights(anchor, kernels), { confusion: full, signal });
    }
    this.applyToModel();
    const set = full ? this.deps.test : this.deps.estimate;
    // Small estimate batches: a newer slider move waits at most one batch.
    return evaluate(this.model, set, { task: this.deps.spec.task, signal, batchSize: full ? 500 : 50, confusion: full });
  }

  /** Announces a measurement of view `viewSeq` (and, for the full test set, its confusion counts and sizes). */
  async report(viewSeq: number, result: EvalResult, estimate: boolean, seconds: number): Promise<Measurement> {
    const measurement: Measurement = { viewSeq, estimate, accuracy: result.accuracy, examples: result.count, seconds };
    this.deps.emit({ type: 'measurement', measurement });
    const m = result.confusion;
    if (m) this.deps.emit({ type: 'confusion', confusion: { viewSeq, classes: m.classes, counts: m.counts, examples: result.count, accuracy: result.accuracy } });
    if (!estimate) {
      const { anchor, kernels } = this.currentWeights();
      const method = this.shown?.method;
      const nm = method?.structure === 'nm' ? method.nm : undefined;
      this.deps.emit({ type: 'sizes', viewSeq, sizes: await modelSizes(anchor, this.layers, kernels, nm) });
    }
    return measurement;
  }

  /**
   * Previews `method` on the anchor and measures it on the full test set, or reuses a run's
   * evaluation when the view's weights are exactly the weights that run measured.
   */
  async showMeasured(method: PruneMethod, measured: MeasuredWeights | null, signal?: AbortSignal): Promise<PruneReply> {
    await this.prepare(method, signal);
    const viewSeq = this.preview(method);
    const measurement =
      measured && this.shows(measured.weights)
        ? await this.report(viewSeq, measured.evaluation, false, measured.seconds)
        : await this.measure(viewSeq, true, signal);
    return { viewSeq, superseded: false, measurement };
  }

  /** Whether the pruned kernels on screen equal `weights` (a fine-tuned model's zeros are its masks' zeros). */
  private shows(weights: WeightSnapshot): boolean {
    const kernels = this.current?.kernels;
    if (!kernels) return false;
    for (const [name, values] of kernels) {
      const own = weights.values[weights.names.indexOf(name)];
      if (!own || own.length !== values.length) return false;
      for (let i = 0; i < own.length; i++) if (own[i] !== values[i]) return false;
    }
    return true;
  }

  /** The masks of the view on screen (CPU copies), to hold during training; the model is written first. */
  heldMasks(): HeldMasks {
    const outcome = this.current;
    if (!outcome) throw new Error('Prune the model before fine-tuning it.');
    this.applyToModel();
    return { layers: this.layers, masks: outcome.masks, others: outcome.biasMasks };
  }
}
