// Confusion matrices for the current model on the test set (10×10 for LeNet-5, 2×2 for
// IMDB): which true class gets predicted as which. Counting is plain arrays; the tfjs
// helper only turns a batch of outputs into predicted class ids.

import * as tf from '@tensorflow/tfjs';

export interface ConfusionMatrix {
  readonly classes: number;
  /** counts[true * classes + predicted]. */
  readonly counts: Uint32Array;
}

export function emptyConfusion(classes: number): ConfusionMatrix {
  return { classes, counts: new Uint32Array(classes * classes) };
}

/** Adds (label, prediction) pairs; values outside [0, classes) are an error, not a silent skip. */
export function addToConfusion(m: ConfusionMatrix, labels: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (labels.length !== predicted.length) throw new RangeError('labels and predictions differ in length');
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i];
    const p = predicted[i];
    if (!(t >= 0 && t < m.classes && p >= 0 && p < m.classes)) throw new RangeError(`class out of range: ${t} → ${p}`);
    m.counts[t * m.classes + p]++;
  }
}

/** Correct predictions / all (the matrix's trace over its sum). */
export function confusionAccuracy(m: ConfusionMatrix): number {
  let diag = 0;
  let all = 0;
  for (let t = 0; t < m.classes; t++) {
    for (let p = 0; p < m.classes; p++) {
      all += m.counts[t * m.classes + p];
      if (t === p) diag += m.counts[t * m.classes + p];
    }
  }
  return all ? diag / all : 0;
}

/** Predicted class per example: argmax over classes, or logit > 0 for a single-logit (binary) model. */
export function predictedClasses(logits: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const last = logits.shape[logits.shape.length - 1];
    return (last === 1 ? logits.reshape([-1]).greater(0).cast('int32') : logits.argMax(-1)) as tf.Tensor1D;
  });
}
