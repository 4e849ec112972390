// One lab session inside the worker: the loaded dataset, the current model and its
// training run. Emits LabEvents; owns every tensor it creates and disposes of them.

import * as tf from '@tensorflow/tfjs';
import { takeFirst } from './data/batches';
import { loadMnist } from './data/fetchData';
import type { LabEvent } from './events';
import { getModelSpec, type ModelSpec } from './models/registry';
import { imageBatchSource, type BatchSource } from './train/batchSource';
import { evaluate, type EvalResult } from './train/evaluate';
import { trainModel } from './train/trainLoop';
import { batchCount } from './data/batches';

export interface SessionInit {
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
}

export interface TrainSettings {
  readonly epochs: number;
  readonly seed: number;
}

export type Emit = (event: LabEvent) => void;

export class LabSession {
  private model: tf.LayersModel | null = null;
  private abort: AbortController | null = null;

  private constructor(
    private readonly spec: ModelSpec,
    private readonly trainSet: BatchSource,
    private readonly testSet: BatchSource,
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
    return new LabSession(getModelSpec('lenet5'), imageBatchSource(train), imageBatchSource(test), emit);
  }

  /** Trains a fresh model from the seed; resolves when done or stopped. */
  async train(settings: TrainSettings): Promise<void> {
    this.stop();
    this.model?.dispose();
    const model = this.spec.build(settings.seed);
    this.model = model;
    const d = this.spec.defaults;
    const optimizer = tf.train.momentum(d.learningRate, d.momentum);
    const abort = new AbortController();
    this.abort = abort;
    this.emit({
      type: 'trainStart',
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
          last = await this.evaluate();
          this.emit({ type: 'epochEnd', epoch, testAccuracy: last.accuracy, testLoss: last.loss });
        },
      });
      const final = result.stopped || !last ? await this.evaluate() : last;
      this.emit({
        type: 'trainDone',
        stopped: result.stopped,
        seconds: result.seconds,
        imagesPerSec: result.imagesPerSec,
        testAccuracy: final.accuracy,
      });
    } finally {
      optimizer.dispose();
      if (this.abort === abort) this.abort = null;
    }
  }

  private async evaluate(): Promise<EvalResult> {
    if (!this.model) throw new Error('no model to evaluate');
    this.emit({ type: 'evaluating' });
    return evaluate(this.model, this.testSet);
  }

  stop(): void {
    this.abort?.abort();
  }

  dispose(): void {
    this.stop();
    this.model?.dispose();
    this.model = null;
  }
}
