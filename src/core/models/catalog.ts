// The models PruneLab ships, as descriptions (description.ts says what one holds and what
// derives from it). No tfjs import, so the main-thread bundle stays free of TensorFlow.js;
// nets/registry.ts adds the built tfjs model and the task. Adding a built-in model is adding
// an entry here: the picker, the URL, validation, export and the card follow.

import { HAN_LENET5 } from './references';
import { modelInfo, type ModelDescription, type ModelInfo } from './description';

export type { ModelInfo, OptimizerSettings, TrainDefaults } from './description';

const MNIST_INPUT = { kind: 'image', shape: [28, 28, 1], mean: 0.1307, std: 0.3081 } as const;
const DIGITS = { kind: 'softmax', labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] } as const;
/** The tutorial's settings for the MNIST models. */
const MNIST_TRAINING = {
  defaults: { epochs: 3, batchSize: 64, optimizer: 'sgd-momentum', learningRate: 0.01, momentum: 0.5 },
  optimizerLabel: 'SGD lr 0.01, momentum 0.5',
  itemLabel: 'images',
  maxTrain: 60000,
  maxTest: 10000,
} as const;
const PRUNED = { byDefault: true, channels: true, rows: false } as const;
/** The output layer: pruned by weight, never by whole class. */
const OUTPUT = { byDefault: true, channels: false, rows: false } as const;

/** LeNet-5 as in the tutorial (Caffe variant), PyTorch's default initialisation. 431,080 parameters. */
const lenet5 = {
  id: 'lenet5',
  label: 'LeNet-5 · MNIST',
  name: 'LeNet-5',
  family: 'LeNet-5',
  dataset: 'mnist',
  input: MNIST_INPUT,
  output: DIGITS,
  layers: [
    { kind: 'conv2d', name: 'conv1', filters: 20, kernelSize: 5, activation: 'relu', init: { scheme: 'torch', seedSlot: 0 }, prune: PRUNED },
    { kind: 'maxPool2d', name: 'pool1', poolSize: 2, strides: 2 },
    { kind: 'conv2d', name: 'conv2', filters: 50, kernelSize: 5, activation: 'relu', init: { scheme: 'torch', seedSlot: 1 }, prune: PRUNED },
    { kind: 'maxPool2d', name: 'pool2', poolSize: 2, strides: 2 },
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: 'fc1', units: 500, activation: 'relu', init: { scheme: 'torch', seedSlot: 2 }, prune: PRUNED },
    { kind: 'dense', name: 'fc2', units: 10, activation: 'linear', init: { scheme: 'torch', seedSlot: 3 }, prune: OUTPUT },
  ],
  ...MNIST_TRAINING,
  published: { ...HAN_LENET5, short: 'Han et al. 2015' },
} as const satisfies ModelDescription;

/**
 * LeNet-300-100, the MLP of Han et al. 2015 (the classic pruning benchmark): flatten →
 * dense 300 ReLU → dense 100 ReLU → dense 10. 266,610 parameters, PyTorch's default
 * initialisation and the tutorial's settings, like LeNet-5.
 */
const lenet300 = {
  id: 'lenet300',
  label: 'LeNet-300-100 · MNIST',
  name: 'LeNet-300-100',
  family: 'LeNet-300-100',
  dataset: 'mnist',
  input: MNIST_INPUT,
  output: DIGITS,
  layers: [
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: 'fc1', units: 300, activation: 'relu', init: { scheme: 'torch', seedSlot: 0 }, prune: PRUNED },
    { kind: 'dense', name: 'fc2', units: 100, activation: 'relu', init: { scheme: 'torch', seedSlot: 1 }, prune: PRUNED },
    { kind: 'dense', name: 'fc3', units: 10, activation: 'linear', init: { scheme: 'torch', seedSlot: 2 }, prune: OUTPUT },
  ],
  ...MNIST_TRAINING,
  published: { label: 'Han et al. 2015, LeNet-300-100: 8 % kept, 1.59 % error', short: 'Han et al. 2015', sparsity: 0.92, accuracy: 1 - 0.0159 },
} as const satisfies ModelDescription;

/**
 * The tutorial's IMDB sentiment model: Embedding(10,002, 100) → mean over the real tokens →
 * dense 200 ReLU → dense 1 (logit). 1,020,601 parameters. Only the dense layers are pruned
 * by default, as in the tutorial.
 */
const imdb = {
  id: 'imdb',
  label: 'Text classifier · IMDB',
  name: 'the IMDB text classifier',
  family: 'Bag of embeddings',
  dataset: 'imdb',
  input: { kind: 'tokens', vocabSize: 10_002, padId: 0, unkId: 1 },
  output: { kind: 'binary', labels: ['negative', 'positive'] },
  layers: [
    {
      kind: 'embedding',
      name: 'embedding',
      dim: 100,
      reduce: 'mean',
      activation: 'linear',
      init: { scheme: 'normal', stddev: 1, seedSlot: 100 },
      prune: { byDefault: false, channels: true, rows: true },
    },
    { kind: 'dense', name: 'fc1', units: 200, activation: 'relu', init: { scheme: 'torch', seedSlot: 1 }, prune: PRUNED },
    { kind: 'dense', name: 'fc2', units: 1, activation: 'linear', init: { scheme: 'torch', seedSlot: 2 }, prune: OUTPUT, note: 'positive-sentiment logit' },
  ],
  defaults: { epochs: 3, batchSize: 64, optimizer: 'adam', learningRate: 1e-3, momentum: 0 },
  optimizerLabel: 'Adam lr 0.001',
  itemLabel: 'reviews',
  // 50,000 reviews less 418 exact duplicates, split in half (checked against the manifest).
  maxTrain: 24791,
  maxTest: 24791,
} as const satisfies ModelDescription;

const BUILT_IN = { lenet5, lenet300, imdb } as const;

export type ModelId = keyof typeof BUILT_IN;
/** In picker order; the first is the default model. */
export const MODEL_IDS = Object.keys(BUILT_IN) as ModelId[];
export const DEFAULT_MODEL: ModelId = 'lenet5';

export const MODEL_INFO: Readonly<Record<ModelId, ModelInfo<ModelId>>> = Object.fromEntries(
  MODEL_IDS.map((id) => [id, modelInfo<ModelId>(BUILT_IN[id])]),
) as Record<ModelId, ModelInfo<ModelId>>;

export function isModelId(value: string): value is ModelId {
  return (MODEL_IDS as readonly string[]).includes(value);
}
