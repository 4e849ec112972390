// One lab session inside the worker: the loaded dataset, the current model, its training
// run and, once trained, its pruning session with the science jobs (criterion, sweep,
// sensitivity, compaction, schedules: src/session/scienceJobs.ts). Emits LabEvents; owns
// every tensor it creates and disposes of them.

import type * as tf from '@tensorflow/tfjs';
import { batchCount } from '../core/data/batches';
import type { Fetcher } from '../core/data/fetchData';
import { tokenize, type Vocabulary } from '../core/data/imdb';
import { loadDataset, type LoadedDataset } from '../core/data/datasets';
import type { CheckpointInfo, Emit } from '../protocol/events';
import { getModelSpec, type ModelId, type ModelSpec } from '../core/models/registry';
import type { PruneRequest } from '../core/prune/controller';
import { PruneSession, type PruneSessionDeps } from './pruneSession';
import { snapshotWeights, writeWeights, type WeightSnapshot } from '../core/prune/apply';
import type { Criterion } from '../core/prune/scores';
import { compactJob, scheduleJob, sensitivityJob, sweepJob, type ScheduleEnv, type ScheduleRequest, type SensitivityRequest, type SweepRequest } from './scienceJobs';
import { evaluate, type EvalResult } from '../core/train/evaluate';
import { createOptimizer } from '../core/train/optimizers';
import { trainModel } from '../core/train/trainLoop';

export interface SessionInit {
  readonly model: ModelId;
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
  /** Data fetcher override (Node scripts read public/data from disk). */
  readonly fetcher?: Fetcher;
}

export interface TrainSettings {
  readonly epochs: number;
  readonly seed: number;
}

export class LabSession {
  private model: tf.LayersModel | null = null;
  private pruning: PruneSession | null = null;
  private abort: AbortController | null = null;
  /** The weights before training (lottery-ticket rewinding), and the settings it trained with. */
  private initial: WeightSnapshot | null = null;
  private trained: TrainSettings | null = null;

  private constructor(
    readonly spec: ModelSpec,
    readonly data: LoadedDataset,
    private readonly emit: Emit,
  ) {}

  static async create(init: SessionInit, emit: Emit): Promise<LabSession> {
    const spec = getModelSpec(init.model);
    const data = await loadDataset(spec, {
      dataUrl: init.dataUrl,
      train: init.train,
      test: init.test,
      fetcher: init.fetcher,
      onProgress: (p) => emit({ type: 'dataProgress', loadedBytes: p.loadedBytes, totalBytes: p.totalBytes }),
    });
    emit({
      type: 'dataReady',
      dataset: data.name,
      train: data.train.count,
      test: data.test.count,
      fullTrain: data.fullTrain,
      fullTest: data.fullTest,
    });
    return new LabSession(spec, data, emit);
  }


  /** Trains a fresh model from the seed; resolves when done or stopped. */
  async train(settings: TrainSettings): Promise<void> {
    this.stop();
    this.pruning = null;
    this.model?.dispose();
    const model = this.spec.build(settings.seed, this.data.inputSize);
    this.model = model;
    const d = this.spec.defaults;
    const optimizer = createOptimizer(d);
    const abort = new AbortController();
    this.abort = abort;
    this.emit({
      type: 'trainStart',
      kind: 'train',
      epochs: settings.epochs,
      totalSteps: batchCount(this.data.train.count, d.batchSize) * settings.epochs,
      params: model.countParams(),
    });
    let last: EvalResult | null = null;
    try {
      this.initial = await snapshotWeights(model); // for lottery-ticket rewinding
      this.trained = settings;
      const result = await trainModel(model, this.data.train, {
        epochs: settings.epochs,
        batchSize: d.batchSize,
        seed: settings.seed,
        optimizer,
        task: this.spec.task,
        signal: abort.signal,
        onProgress: (progress) => this.emit({ type: 'trainProgress', progress }),
        onEpochEnd: async (epoch) => {
          last = await this.evaluate(model);
          this.emit({ type: 'epochEnd', epoch, testAccuracy: last.accuracy, testLoss: last.loss });
        },
      });
      const final = result.stopped || !last ? await this.evaluate(model) : last;
      this.emit({
        type: 'trainDone',
        kind: 'train',
        stopped: result.stopped,
        seconds: result.seconds,
        imagesPerSec: result.imagesPerSec,
        testAccuracy: final.accuracy,
      });
      this.pruning = await PruneSession.fromTrained(this.pruneDeps(model), final.accuracy);
    } finally {
      optimizer.dispose();
      if (this.abort === abort) this.abort = null;
    }
  }

  private pruneDeps(model: tf.LayersModel): PruneSessionDeps {
    return {
      model,
      prunableLayers: this.spec.prunableLayers,
      task: this.spec.task,
      trainSet: this.data.train,
      testSet: this.data.test,
      estimateSet: this.data.estimate,
      emit: this.emit,
    };
  }

  /** Builds a model of this lab's kind (the seed only sets initial weights). */
  buildModel(seed = 1): tf.LayersModel {
    return this.spec.build(seed, this.data.inputSize);
  }

  /** The pruning session once a model is trained, restored or imported. */
  get pruningSession(): PruneSession | null {
    return this.pruning;
  }

  /** True while training or fine-tuning. */
  get busy(): boolean {
    return this.abort !== null;
  }

  /**
   * Installs weights from outside (restored from storage, or imported into an untrained
   * lab) as checkpoint 0, replacing any model; no training runs.
   */
  async adopt(weights: WeightSnapshot, accuracy: number, kind: CheckpointInfo['kind'], sparsity = 0): Promise<PruneSession> {
    this.stop();
    this.pruning = null;
    this.model?.dispose();
    const model = this.buildModel();
    this.model = model;
    this.initial = null; // weights from outside: their initialisation is unknown
    writeWeights(model, weights);
    this.pruning = await PruneSession.fromTrained(this.pruneDeps(model), accuracy, kind, sparsity);
    return this.pruning;
  }

  private requirePruning(): PruneSession {
    if (!this.pruning) throw new Error('Train the model before pruning it.');
    return this.pruning;
  }

  /** Applies a pruning request to the model and reports its stats at once. */
  previewPrune(id: number, request: PruneRequest): void {
    this.requirePruning().preview(id, request);
  }

  /** Prunes from checkpoint `id`; resolves at once unless the criterion must rescore it (taylor, fisher). */
  selectAnchor(id: number): Promise<void> {
    return this.requirePruning().selectAnchor(id);
  }

  /** Ranks weights by `criterion` from now on; taylor/fisher gather gradients over 8 training batches. */
  setCriterion(criterion: Criterion): Promise<void> {
    const pruning = this.requirePruning();
    return this.job((signal) => pruning.setCriterion(criterion, { seed: this.trained?.seed, signal }));
  }

  /** Accuracy against sparsity for several criteria (one-shot from the anchor); emits progress and 'sweepResult'. */
  runSweep(request: SweepRequest = {}) {
    const pruning = this.requirePruning();
    return this.job((signal) => sweepJob(pruning, this.emit, request, signal));
  }

  /** Each layer pruned alone across rates; emits progress and 'sensitivityResult'. */
  runSensitivity(request: SensitivityRequest = {}) {
    const pruning = this.requirePruning();
    return this.job((signal) => sensitivityJob(pruning, this.emit, request, signal));
  }

  /** Builds the compact model of the current channel pruning and measures it; emits 'compactResult'. */
  compact() {
    const pruning = this.requirePruning();
    return this.job(() => compactJob(pruning, this.emit));
  }

  /** Iterative, AGP or lottery-ticket pruning from the anchor; a finished run becomes the new anchor. */
  runSchedule(request: ScheduleRequest) {
    const pruning = this.requirePruning();
    return this.job((signal) => scheduleJob(pruning, this.emit, request, this.scheduleEnv(), signal));
  }

  private scheduleEnv(): ScheduleEnv {
    const d = this.spec.defaults;
    return {
      train: { ...d, epochs: this.trained?.epochs ?? d.epochs, seed: this.trained?.seed ?? 1 },
      initial: this.initial,
      reinit: async (seed) => {
        const fresh = this.buildModel(seed);
        try {
          return await snapshotWeights(fresh);
        } finally {
          fresh.dispose();
        }
      },
    };
  }

  /** Runs a long job that stop() can abort (it stops any training first). */
  private async job<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.stop();
    const abort = new AbortController();
    this.abort = abort;
    try {
      return await run(abort.signal);
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  /** Accuracy of the current pruning: on the estimate subset, or on the full test set. */
  async measurePrune(id: number, full: boolean, signal?: AbortSignal): Promise<void> {
    await this.requirePruning().measure(id, full, signal);
  }

  async finetune(settings: TrainSettings): Promise<void> {
    const pruning = this.requirePruning();
    this.stop();
    const abort = new AbortController();
    this.abort = abort;
    const d = this.spec.defaults;
    try {
      await pruning.finetune({ ...settings, ...d, epochs: settings.epochs, signal: abort.signal });
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  private async evaluate(model: tf.LayersModel): Promise<EvalResult> {
    this.emit({ type: 'evaluating' });
    return evaluate(model, this.data.test, { task: this.spec.task });
  }

  /** Scores a typed review with the dense and the current pruned model (IMDB only). */
  scoreReview(id: number, text: string): void {
    const vocab: Vocabulary | null = this.data.vocab;
    if (!vocab) throw new Error('Reviews can only be scored by the IMDB model.');
    const words = tokenize(text);
    const ids = Uint16Array.from(words, (w) => vocab.idOf(w));
    const scores = this.pruning?.scoreText(ids) ?? null;
    this.emit({
      type: 'review',
      id,
      tokens: words.map((word, i) => ({ word, known: ids[i] !== 1 })),
      dense: scores?.dense ?? null,
      pruned: scores?.pruned ?? null,
    });
  }

  stop(): void {
    this.abort?.abort();
  }

  dispose(): void {
    this.stop();
    this.pruning = null;
    this.model?.dispose();
    this.model = null;
  }
}
