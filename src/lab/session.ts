// One lab session inside the worker: the loaded dataset, the current model, its training
// run and, once trained, its pruning session. Emits LabEvents; owns every tensor it
// creates and disposes of them.

import type * as tf from '@tensorflow/tfjs';
import { batchCount } from './data/batches';
import type { Fetcher } from './data/fetchData';
import { tokenize, type Vocabulary } from './data/imdb';
import { loadDataset, type LoadedDataset } from './datasets';
import type { Emit } from './events';
import { getModelSpec, type ModelId, type ModelSpec } from './models/registry';
import type { PruneRequest } from './pruning/controller';
import { PruneSession } from './pruneSession';
import { evaluate, type EvalResult } from './train/evaluate';
import { createOptimizer } from './train/optimizers';
import { trainModel } from './train/trainLoop';

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

  private constructor(
    private readonly spec: ModelSpec,
    private readonly data: LoadedDataset,
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
      this.pruning = await PruneSession.fromTrained(
        {
          model,
          prunableLayers: this.spec.prunableLayers,
          task: this.spec.task,
          trainSet: this.data.train,
          testSet: this.data.test,
          estimateSet: this.data.estimate,
          emit: this.emit,
        },
        final.accuracy,
      );
    } finally {
      optimizer.dispose();
      if (this.abort === abort) this.abort = null;
    }
  }

  private requirePruning(): PruneSession {
    if (!this.pruning) throw new Error('Train the model before pruning it.');
    return this.pruning;
  }

  /** Applies a pruning request to the model and reports its stats at once. */
  previewPrune(id: number, request: PruneRequest): void {
    this.requirePruning().preview(id, request);
  }

  selectAnchor(id: number): void {
    this.requirePruning().selectAnchor(id);
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
