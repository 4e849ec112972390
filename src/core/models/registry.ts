// The models PruneLab trains: the catalog's metadata plus how to build each model and
// what its outputs mean. The pruning panels work for any model registered here.

import type * as tf from '@tensorflow/tfjs';
import { binaryTask, softmaxTask, type Task } from '../train/task';
import { MODEL_INFO, type ModelId, type ModelInfo } from './catalog';
import { buildLenet5 } from './lenet5';
import { buildTextClassifier } from './textClassifier';

export type { ModelId } from './catalog';

export interface ModelSpec extends ModelInfo {
  /** `inputSize` is the vocabulary size for the text model; LeNet-5 ignores it. */
  readonly build: (seed: number, inputSize: number) => tf.LayersModel;
  readonly task: Task;
}

const MODELS: Record<ModelId, ModelSpec> = {
  lenet5: { ...MODEL_INFO.lenet5, build: (seed) => buildLenet5(seed), task: softmaxTask(10) },
  imdb: { ...MODEL_INFO.imdb, build: (seed, vocabSize) => buildTextClassifier(seed, vocabSize), task: binaryTask },
};

export function getModelSpec(id: ModelId): ModelSpec {
  return MODELS[id];
}
