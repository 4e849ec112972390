// The reference an upload or a stored checkpoint is checked against: the topology and
// weight shapes of a model the lab itself builds.

import type * as tf from '@tensorflow/tfjs';
import type { ReferenceModel } from './validateModel';

export function referenceModel(model: tf.LayersModel, label: string): ReferenceModel {
  return {
    label,
    topology: model.toJSON(null, false) as object,
    weights: model.weights.map((w) => ({ name: w.originalName, shape: w.shape.map(Number) })),
  };
}
