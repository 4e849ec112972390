// One lab session inside the worker: the loaded dataset, the model, its training runs and,
// once trained (or restored, or imported), its pruning session. Every call that reads or
// writes the model goes through one ModelLock, so a measurement never sees weights change
// under it; slider requests go through the SliderQueue. Each public method answers one
// call of the protocol, and resolves only once what it changed is shown and measured.

import type * as tf from '@tensorflow/tfjs';
import type { LoadedDataset } from '../core/lab/datasets';
import { deferredTrain } from '../core/train/deferredTrain';
import { pendingTrainData } from './trainData';
import type { PruneMethod } from '../core/method';
import type { ModelSpec } from '../core/nets/registry';
import { snapshotWeights, writeWeights } from '../core/train/modelWeights';
import type { WeightSnapshot } from '../core/weights';
import type { PruneReply, RunArgs } from '../protocol/calls';
import type { Emit } from '../protocol/events';
import type { CheckpointInfo, CheckpointKind, DatasetInfo, RunSummary } from '../protocol/results';
import type { CheckpointOrigin } from './checkpointLabel';
import type { CheckpointSink } from './checkpointSink';
import { ModelLock } from './modelLock';
import { PruneSession } from './pruneSession';
import { runTraining, summaryOf, textEvaluator, type RecoveryFactory, type RunOutcome } from './runs';
import { SliderQueue } from './sliderQueue';
import { probeSpeed } from './speed';

export class LabSession {
  private model: tf.LayersModel | null = null;
  private pruneSession: PruneSession | null = null;
  private job: AbortController | null = null;
  private seq = 0;
  private isTraining = false;
  /** The weights before training (lottery-ticket rewinding) and the settings it trained with. */
  private initialWeights: WeightSnapshot | null = null;
  private trainedWith: { readonly epochs: number; readonly seed: number } | null = null;
  readonly lock = new ModelLock();
  readonly slider: SliderQueue;
  sink: CheckpointSink | null = null;
  /** How training carries on after a lost GPU device (set by the worker when the backend can lose one). */
  recovery: RecoveryFactory | null = null;

  private constructor(
    readonly spec: ModelSpec,
    readonly data: LoadedDataset,
    readonly emit: Emit,
  ) {
    this.slider = new SliderQueue(() => {
      const pruning = this.pruneSession;
      if (!pruning) return null;
      return {
        prepare: (method, signal) => (pruning.ready(method) ? Promise.resolve() : this.lock.run(() => pruning.prepare(method, signal), signal)),
        preview: (method) => pruning.preview(method),
        measure: (viewSeq, full, signal) => this.lock.run(() => pruning.measure(viewSeq, full, signal), signal),
      };
    });
  }

  /** A session on data already loaded (tests use tiny synthetic sets and models). */
  static withData(spec: ModelSpec, data: LoadedDataset, emit: Emit): LabSession {
    const session = new LabSession(spec, data, emit);
    emit({ type: 'dataset', dataset: session.datasetInfo });
    return session;
  }

  get datasetInfo(): DatasetInfo {
    const d = this.data, info = { name: d.name, train: d.train.count, test: d.test.count, fullTrain: d.fullTrain, fullTest: d.fullTest };
    const pending = pendingTrainData(d);
    return pending ? { ...info, trainPending: pending } : info;
  }

  /** The pruning session once a model is trained, restored or imported. */
  get pruning(): PruneSession | null {
    return this.pruneSession;
  }

  /** True while a training or fine-tuning run (which recovers from a lost device by itself) holds the model. */
  get training(): boolean {
    return this.isTraining;
  }

  get initial(): WeightSnapshot | null {
    return this.initialWeights;
  }

  get trainSettings(): { readonly epochs: number; readonly seed: number } {
    return this.trainedWith ?? { epochs: this.spec.defaults.epochs, seed: 1 };
  }

  /** A model of this lab's kind (the seed only sets the initial weights); the caller disposes it. */
  buildModel(seed = 1): tf.LayersModel {
    return this.spec.build(seed, this.data.inputSize);
  }

  /** A fresh pruning session on `model` (after training, a restore, or an import into an untrained lab). */
  private newPruning(model: tf.LayersModel): PruneSession {
    const { train, test, estimate, texts } = this.data;
    this.pruneSession = new PruneSession({ model, spec: this.spec, train, test, estimate, texts, emit: this.emit, nextSeq: () => ++this.seq });
    return this.pruneSession;
  }

  requirePruning(): PruneSession {
    if (!this.pruneSession) throw new Error('Train the model before pruning it.');
    return this.pruneSession;
  }

  /** Runs a long job that Stop can end; `work` runs under the lock. */
  async longJob<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.slider.cancel();
    const abort = new AbortController();
    this.job?.abort();
    this.job = abort;
    try {
      return await this.lock.run(() => work(abort.signal), abort.signal);
    } finally {
      if (this.job === abort) this.job = null;
    }
  }

  /** This device's speed for the lab's model (a throwaway copy, so any time is fine). */
  probeSpeed(): Promise<{ itemsPerSec: number; inferPerSec: number }> {
    // Speed only: examples of the test set time the same where the training set is not fetched yet.
    const deferred = deferredTrain(this.data.train);
    const examples = deferred && !deferred.loaded ? this.data.test : this.data.train;
    return this.lock.run(() => probeSpeed(this.spec, () => this.buildModel(), examples, this.data.test));
  }

  /** Stops the long job in progress (training, fine-tuning, an experiment). */
  stop(): void {
    this.job?.abort();
  }

  /** Trains a fresh model from the seed, commits it as checkpoint #0 and shows `method` on it. */
  train(args: RunArgs): Promise<RunSummary> {
    return this.longJob(async (signal) => {
      this.isTraining = true;
      try {
        this.pruneSession = null;
        this.model?.dispose();
        const model = this.buildModel(args.seed);
        this.model = model;
        this.initialWeights = await snapshotWeights(model);
        this.trainedWith = { epochs: args.epochs, seed: args.seed };
        const d = this.spec.defaults;
        const run = await runTraining(
          { ...d, kind: 'train', epochs: args.epochs, seed: args.seed },
          { ...this.runEnv(model, signal), evaluateEpochs: true },
        );
        if (run.divergedAt !== null) throw new Error(`Training diverged: the loss stopped being a finite number at step ${run.divergedAt}.`);
        const weights = await snapshotWeights(model);
        const info = await this.adoptWeights(model, weights, 'dense', run, args.method, { parent: null, epochs: args.epochs, stopped: run.stopped, method: null });
        return this.summary('train', run, info.id);
      } finally {
        this.isTraining = false;
      }
    });
  }

  /**
   * Makes `weights` checkpoint #0 of a fresh pruning session on `model` (after training, a
   * restore or an import into an untrained lab), shows `method` and measures it.
   */
  private async adoptWeights(model: tf.LayersModel, weights: WeightSnapshot, kind: CheckpointKind, run: RunOutcome | null, method: PruneMethod, origin?: CheckpointOrigin): Promise<CheckpointInfo> {
    const pruning = this.newPruning(model);
    const evaluation = run?.evaluation;
    const info = await pruning.commit(kind, weights, evaluation?.accuracy ?? NaN, evaluation?.count ?? 0, method, undefined, origin);
    pruning.setAnchor(info.id);
    await pruning.showMeasured(method, run ? { evaluation: run.evaluation, seconds: run.evalSeconds, weights } : null);
    if (run && !run.stopped) await this.sink?.saved(info, weights, run, origin);
    return info;
  }

  /** Fine-tunes the model on screen with its masks held after every step; commits it and prunes from it. */
  finetune(args: RunArgs): Promise<RunSummary> {
    return this.longJob(async (signal) => {
      const pruning = this.requirePruning();
      const model = this.requireModel();
      await pruning.prepare(args.method, signal);
      pruning.preview(args.method);
      this.isTraining = true;
      const run = await runTraining(
        { ...this.spec.defaults, kind: 'finetune', epochs: args.epochs, seed: args.seed },
        { ...this.runEnv(model, signal), masks: pruning.heldMasks() },
      ).finally(() => (this.isTraining = false));
      if (run.divergedAt !== null) {
        pruning.invalidateModel();
        const anchor = pruning.checkpoint(pruning.anchorIndex)?.info.label ?? 'the anchor';
        throw new Error(`Fine-tuning diverged: the loss stopped being a finite number at step ${run.divergedAt}. Nothing was kept: pruning still starts from ${anchor}.`);
      }
      const weights = await snapshotWeights(model);
      const inEpoch = run.stoppedInEpoch === null ? {} : { stoppedInEpoch: run.stoppedInEpoch };
      const origin = { parent: pruning.anchorIndex, epochs: args.epochs, stopped: run.stopped, ...inEpoch, method: args.method };
      const info = await pruning.commit('finetuned', weights, run.evaluation.accuracy, run.evaluation.count, args.method, undefined, origin);
      pruning.setAnchor(info.id);
      await pruning.showMeasured(args.method, { evaluation: run.evaluation, seconds: run.evalSeconds, weights }, signal);
      // A stopped fine-tune is a checkpoint like any other (labelled with the epoch it stopped at): stored too.
      await this.sink?.saved(info, weights, null, origin);
      return this.summary('finetune', run, info.id);
    });
  }

  private summary(kind: 'train' | 'finetune', run: RunOutcome, checkpointId: number | null): RunSummary {
    const summary = summaryOf(kind, run, checkpointId);
    this.emit({ type: 'runDone', summary });
    return summary;
  }

  requireModel(): tf.LayersModel {
    if (!this.model) throw new Error('Train the model first.');
    return this.model;
  }

  /** What every training run of this lab shares: data, task, events, the stop signal, recovery from a lost GPU. */
  private runEnv(model: tf.LayersModel, signal: AbortSignal) {
    return { model, train: this.data.train, test: this.data.test, task: this.spec.task, emit: this.emit, signal, evaluateModel: textEvaluator(this.data, model), recovery: this.recovery ?? undefined };
  }

  /**
   * Moves the lab to the backend `activate` makes active (a lost GPU device, while nothing
   * trains; under the lock, so no job runs while it starts): a new model is built there and
   * the pruning session writes the weights on screen into it.
   */
  relocate<T>(activate: () => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      const active = await activate();
      const pruning = this.pruneSession;
      const model = this.buildModel();
      try {
        this.model?.dispose();
      } catch {
        // its tensors lived on the lost device: nothing to free there
      }
      this.model = model;
      pruning?.replaceModel(model);
      pruning?.applyToModel();
      return active;
    });
  }

  /** A slider move or a settled value. Before any model exists there is nothing to prune. */
  prune(method: PruneMethod, final: boolean): Promise<PruneReply> {
    if (!this.pruneSession) {
      if (this.isTraining || this.lock.busy) return Promise.resolve({ viewSeq: -1, superseded: true, measurement: null });
      return Promise.reject(new Error('Train the model before pruning it.'));
    }
    return this.slider.submit(method, final);
  }

  /** Prunes from checkpoint `id` with `method` from now on, measured on the full test set. */
  selectAnchor(id: number, method: PruneMethod): Promise<PruneReply> {
    this.slider.cancel();
    return this.lock.run(async () => {
      const pruning = this.requirePruning();
      pruning.setAnchor(id);
      return pruning.showMeasured(method, null);
    });
  }

  /**
   * Installs weights from outside (restored from storage, or imported) as checkpoints:
   * into a fresh pruning session when none exists, else appended. Shows `method` on the
   * last one and measures it.
   */
  async adopt(checkpoints: readonly { weights: WeightSnapshot; kind: CheckpointKind; accuracy: number; examples: number; name?: string; root?: number; origin?: CheckpointOrigin }[], method: PruneMethod): Promise<CheckpointInfo[]> {
    this.slider.cancel();
    return this.lock.run(async () => {
      const infos: CheckpointInfo[] = [];
      for (const c of checkpoints) {
        let pruning = this.pruneSession;
        if (!pruning) {
          this.model?.dispose();
          this.model = this.buildModel();
          writeWeights(this.model, c.weights);
          this.initialWeights = null; // weights from outside: their initialisation is unknown
          pruning = this.newPruning(this.model);
        }
        infos.push(await pruning.commit(c.kind, c.weights, c.accuracy, c.examples, method, c.name, c.origin, c.root));
      }
      const pruning = this.requirePruning();
      const last = infos.at(-1);
      if (last) {
        pruning.setAnchor(last.id);
        await pruning.showMeasured(method, null);
      }
      return infos;
    });
  }

  /** Forgets every checkpoint (the model stays until the next adopt): a restored history replaces them. */
  clearCheckpoints(): void {
    this.pruneSession = null;
  }

  dispose(): void {
    this.stop();
    this.slider.cancel();
    this.pruneSession = null;
    this.model?.dispose();
    this.model = null;
  }
}
