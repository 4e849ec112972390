// One lab session inside the worker: the loaded dataset, the current model, its training
// run and, once trained, its pruning session. Emits LabEvents; owns every tensor it
// creates and disposes of them.

import type * as tf from '@tensorflow/tfjs';
import { batchCount, takeFirst } from './data/batches';
import { loadMnist } from './data/fetchData';
import type { Emit } from './events';
import { getModelSpec, type ModelSpec } from './models/registry';
import type { PruneRequest } from './pruning/controller';
import { PruneSession } from './pruneSession';
import { imageBatchSource, type BatchSource } from './train/batchSource';
import { evaluate, type EvalResult } from './train/evaluate';
import { momentumSGD } from './train/optimizers';
import { trainModel } from './train/trainLoop';

export interface SessionInit {
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
}

export interface TrainSettings {
  readonly epochs: number;
  readonly seed: number;
}

/** Test examples used for the quick accuracy estimate while the slider moves. */
export const ESTIMATE_EXAMPLES = 500;

export class LabSession {
  private model: tf.LayersModel | null = null;
  private pruning: PruneSession | null = null;
  private abort: AbortController | null = null;

  private constructor(
    private readonly spec: ModelSpec,
    private readonly trainSet: BatchSource,
    private readonly testSet: BatchSource,
    private readonly estimateSet: BatchSource,
    private readonly emit: Emit,
  ) {}

  static async create(init: SessionInit, emit: Emit): Promise<LabSession> {
    const mnist = await loadMnist({
      baseUrl: init.dataUrl,
      onProgress: (p) => emit({ type: 'dataProgress', loadedBytes: p.loadedBytes, totalBytes: p.totalBytes }),
    });
    const train = takeFirst(mnist.train, init.train);
    const test = takeFirst(mnist.test, init.test);
    emit({
      type: 'dataReady',
      dataset: 'MNIST',
      train: train.count,
      test: test.count,
      fullTrain: mnist.train.count,
      fullTest: mnist.test.count,
    });
    return new LabSession(
      getModelSpec('lenet5'),
      imageBatchSource(train),
      imageBatchSource(test),
      imageBatchSource(takeFirst(test, ESTIMATE_EXAMPLES)),
      emit,
    );
  }

  /** Trains a fresh model from the seed; resolves when done or stopped. */
  async train(settings: TrainSettings): Promise<void> {
    this.stop();
    this.pruning = null;
    this.model?.dispose();
    const model = this.spec.build(settings.seed);
    this.model = model;
    const d = this.spec.defaults;
    const optimizer = momentumSGD(d.learningRate, d.momentum);
    const abort = new AbortController();
    this.abort = abort;
    this.emit({
      type: 'trainStart',
      kind: 'train',
      epochs: settings.epochs,
      totalSteps: batchCount(this.trainSet.count, d.batchSize) * settings.epochs,
      params: model.countParams(),
    });
    let last: EvalResult | null = null;
    try {
      const result = await trainModel(model, this.trainSet, {
        epochs: settings.epochs,
        batchSize: d.batchSize,
        seed: settings.seed,
        optimizer,
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
          trainSet: this.trainSet,
          testSet: this.testSet,
          estimateSet: this.estimateSet,
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
  async measurePrune(id: number, full: boolean): Promise<void> {
    await this.requirePruning().measure(id, full);
  }

  async finetune(settings: TrainSettings): Promise<void> {
    const pruning = this.requirePruning();
    this.stop();
    const abort = new AbortController();
    this.abort = abort;
    const d = this.spec.defaults;
    try {
      await pruning.finetune({ ...settings, batchSize: d.batchSize, learningRate: d.learningRate, momentum: d.momentum, signal: abort.signal });
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  private async evaluate(model: tf.LayersModel): Promise<EvalResult> {
    this.emit({ type: 'evaluating' });
    return evaluate(model, this.testSet);
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
