// What a model's outputs mean: softmax over classes (LeNet-5) or one logit for a binary
// label (the IMDB classifier). The training loop and the evaluator ask the task for the
// loss and for which predictions are correct, so they work for any registered model.

import * as tf from '@tensorflow/tfjs';

export interface Task {
  /** Mean loss over the batch; `reduction` SUM gives the batch total (for evaluation). */
  loss(logits: tf.Tensor, labels: tf.Tensor1D, reduction?: tf.Reduction): tf.Scalar;
  /** 1 for each correctly classified example, else 0 (float32, shape [batch]). */
  correct(logits: tf.Tensor, labels: tf.Tensor1D): tf.Tensor1D;
}

export function softmaxTask(numClasses: number): Task {
  return {
    loss: (logits, labels, reduction = tf.Reduction.SUM_BY_NONZERO_WEIGHTS) =>
      tf.losses.softmaxCrossEntropy(tf.oneHot(labels, numClasses), logits, undefined, undefined, reduction) as tf.Scalar,
    correct: (logits, labels) => logits.argMax(-1).equal(labels).cast('float32') as tf.Tensor1D,
  };
}

/** One logit per example; label 1 = positive. Loss: binary cross-entropy with logits. */
export const binaryTask: Task = {
  loss: (logits, labels, reduction = tf.Reduction.SUM_BY_NONZERO_WEIGHTS) =>
    tf.losses.sigmoidCrossEntropy(labels.cast('float32').reshape([-1, 1]), logits, undefined, undefined, reduction) as tf.Scalar,
  correct: (logits, labels) => logits.reshape([-1]).greater(0).cast('int32').equal(labels).cast('float32') as tf.Tensor1D,
};
