// Private copies of the model for inspection: one holding the dense checkpoint, one the
// current pruned weights (for drawn digits), and a throw-away one per evaluation (export,
// import). They never write into the lab's live model, so they cannot disturb a
// measurement in progress. Copies are built on first use and rewritten only on change.

import * as tf from '@tensorflow/tfjs';
import { writeWeights } from '../train/modelWeights';
import type { BatchSource } from '../train/batchSource';
import { evaluate, type EvalResult } from '../train/evaluate';
import type { Task } from '../train/task';
import { topClasses, type ClassProbability } from '../inspect/topClasses';
import type { WeightSnapshot } from '../weights';

/** Plain-array weights to inspect: the dense checkpoint, and the anchor with the current pruned kernels. */
export interface InspectWeights {
  readonly dense: WeightSnapshot;
  readonly anchor: WeightSnapshot;
  readonly kernels: ReadonlyMap<string, Float32Array> | undefined;
}

interface Copy {
  readonly model: tf.LayersModel;
  anchor: WeightSnapshot | null;
  kernels: ReadonlyMap<string, Float32Array> | undefined;
}

export interface DigitPredictions {
  readonly dense: ClassProbability[];
  readonly pruned: ClassProbability[];
}

export class InspectionModels {
  private denseCopy: Copy | null = null;
  private currentCopy: Copy | null = null;

  constructor(private readonly build: () => tf.LayersModel) {}

  private sync(copy: Copy | null, anchor: WeightSnapshot, kernels?: ReadonlyMap<string, Float32Array>): Copy {
    const c = copy ?? { model: this.build(), anchor: null, kernels: undefined };
    if (c.anchor !== anchor || c.kernels !== kernels) {
      writeWeights(c.model, anchor, kernels);
      c.anchor = anchor;
      c.kernels = kernels;
    }
    return c;
  }

  private current(anchor: WeightSnapshot, kernels?: ReadonlyMap<string, Float32Array>): tf.LayersModel {
    this.currentCopy = this.sync(this.currentCopy, anchor, kernels);
    return this.currentCopy.model;
  }

  private denseModel(w: InspectWeights): tf.LayersModel {
    this.denseCopy = this.sync(this.denseCopy, w.dense);
    return this.denseCopy.model;
  }

  /** Top-3 classes of one 28×28 normalised image under the dense and the current model. */
  predictDigit(w: InspectWeights, pixels: Float32Array): DigitPredictions {
    if (pixels.length !== 28 * 28) throw new RangeError(`a digit is 784 pixels, got ${pixels.length}`);
    const models = [this.denseModel(w), this.current(w.anchor, w.kernels)];
    const probs = tf.tidy(() => {
      const x = tf.tensor4d(pixels, [1, 28, 28, 1]);
      return tf.concat(models.map((m) => tf.softmax(m.predict(x) as tf.Tensor2D)));
    });
    const values = probs.dataSync();
    probs.dispose();
    return { dense: topClasses(values.subarray(0, 10)), pruned: topClasses(values.subarray(10, 20)) };
  }

  /**
   * Evaluates the given weights (with a confusion matrix) on a fresh copy of its own, so
   * that digits drawn meanwhile cannot change the weights under it.
   */
  async evaluate(anchor: WeightSnapshot, kernels: ReadonlyMap<string, Float32Array> | undefined, set: BatchSource, task: Task): Promise<EvalResult> {
    const model = this.build();
    try {
      writeWeights(model, anchor, kernels);
      return await evaluate(model, set, { task, confusion: true });
    } finally {
      model.dispose();
    }
  }

  dispose(): void {
    this.denseCopy?.model.dispose();
    this.currentCopy?.model.dispose();
    this.denseCopy = null;
    this.currentCopy = null;
  }
}
