// What the UI needs to know about each model, with no tfjs import (so the main-thread
// bundle stays free of TensorFlow.js): names, dataset, layers, default settings.
// registry.ts adds the parts that need tfjs (build, task).

export type ModelId = 'lenet5' | 'imdb';
export const MODEL_IDS: readonly ModelId[] = ['lenet5', 'imdb'];

export interface OptimizerSettings {
  readonly optimizer: 'sgd-momentum' | 'adam';
  readonly learningRate: number;
  readonly momentum: number;
}

export interface TrainDefaults extends OptimizerSettings {
  readonly epochs: number;
  readonly batchSize: number;
}

export interface ModelInfo {
  readonly id: ModelId;
  readonly label: string;
  readonly dataset: 'mnist' | 'imdb';
  /** What one example is called in the UI ("images", "reviews"). */
  readonly itemLabel: string;
  /** Layer names whose kernels may be pruned. */
  readonly prunableLayers: readonly string[];
  /** Layers pruned unless the user changes it. */
  readonly defaultInclude: readonly string[];
  /** Layers whose kernel rows can be pruned whole (e.g. vocabulary rows of an embedding). */
  readonly rowLayers: readonly string[];
  readonly defaults: TrainDefaults;
  readonly optimizerLabel: string;
  /** Largest `train` / `test` counts the dataset offers. */
  readonly maxTrain: number;
  readonly maxTest: number;
}

export const MODEL_INFO: Record<ModelId, ModelInfo> = {
  lenet5: {
    id: 'lenet5',
    label: 'LeNet-5 · MNIST',
    dataset: 'mnist',
    itemLabel: 'images',
    prunableLayers: ['conv1', 'conv2', 'fc1', 'fc2'],
    defaultInclude: ['conv1', 'conv2', 'fc1', 'fc2'],
    rowLayers: [],
    defaults: { epochs: 3, batchSize: 64, optimizer: 'sgd-momentum', learningRate: 0.01, momentum: 0.5 },
    optimizerLabel: 'SGD lr 0.01, momentum 0.5',
    maxTrain: 60000,
    maxTest: 10000,
  },
  imdb: {
    id: 'imdb',
    label: 'Text classifier · IMDB',
    dataset: 'imdb',
    itemLabel: 'reviews',
    prunableLayers: ['embedding', 'fc1', 'fc2'],
    // As in the tutorial, only the dense layers by default.
    defaultInclude: ['fc1', 'fc2'],
    rowLayers: ['embedding'],
    defaults: { epochs: 3, batchSize: 64, optimizer: 'adam', learningRate: 1e-3, momentum: 0 },
    optimizerLabel: 'Adam lr 0.001',
    // 50,000 reviews less 418 exact duplicates, split in half (checked against the manifest).
    maxTrain: 24791,
    maxTest: 24791,
  },
};

export function isModelId(value: string): value is ModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}
