// The models PruneLab knows: how to build each, which dataset it trains on, its default
// training settings and which weight tensors are prunable (biases never are).

import type * as tf from '@tensorflow/tfjs';
import { buildLenet5 } from './lenet5';

export type ModelId = 'lenet5';
export type OptimizerKind = 'sgd-momentum' | 'adam';

export interface TrainDefaults {
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: OptimizerKind;
  readonly learningRate: number;
  readonly momentum: number;
}

export interface ModelSpec {
  readonly id: ModelId;
  readonly label: string;
  readonly dataset: 'mnist';
  readonly build: (seed: number) => tf.LayersModel;
  /** Layer names whose kernels may be pruned. */
  readonly prunableLayers: readonly string[];
  readonly defaults: TrainDefaults;
}

export const MODELS: Record<ModelId, ModelSpec> = {
  lenet5: {
    id: 'lenet5',
    label: 'LeNet-5 · MNIST',
    dataset: 'mnist',
    build: buildLenet5,
    prunableLayers: ['conv1', 'conv2', 'fc1', 'fc2'],
    defaults: { epochs: 3, batchSize: 64, optimizer: 'sgd-momentum', learningRate: 0.01, momentum: 0.5 },
  },
};

export function getModelSpec(id: ModelId): ModelSpec {
  return MODELS[id];
}
