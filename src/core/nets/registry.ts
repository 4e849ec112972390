// The models PruneLab trains: a description (catalog.ts for the built-ins) plus the tfjs
// model built from it and what its outputs mean. The pruning panels work for any model
// made into a spec here, built-in or not.

import type * as tf from '@tensorflow/tfjs';
import { binaryTask, softmaxTask, type Task } from '../train/task';
import { buildModel } from './buildModel';
import { MODEL_INFO, type ModelId } from '../models/catalog';
import { modelInfo, type ModelDescription, type ModelInfo } from '../models/description';

export type { ModelId } from '../models/catalog';

export interface ModelSpec extends ModelInfo {
  /** `inputSize` is the vocabulary size for a token model; image models ignore it. */
  readonly build: (seed: number, inputSize: number) => tf.LayersModel;
  readonly task: Task;
}

/** The trainable spec of any sequential description. */
export function specOf(desc: ModelDescription): ModelSpec {
  const info = modelInfo(desc);
  const task = desc.output.kind === 'binary' ? binaryTask : softmaxTask(desc.output.labels.length);
  return { ...info, build: (seed, inputSize) => buildModel(desc, seed, desc.input.kind === 'tokens' ? inputSize : undefined), task };
}

const SPECS = new Map<ModelId, ModelSpec>();

export function getModelSpec(id: ModelId): ModelSpec {
  let spec = SPECS.get(id);
  if (!spec) SPECS.set(id, (spec = specOf(MODEL_INFO[id])));
  return spec;
}
