// LeNet-5 as in the tutorial (Caffe variant): conv 20@5×5 → ReLU → maxpool 2 →
// conv 50@5×5 → ReLU → maxpool 2 → dense 500 ReLU → dense 10 (logits). 431,080 parameters.
// Default init: PyTorch's (U(±1/√fan_in) for weights and biases), as in the tutorial.
// It matters for pruning: with He init the random initial weights stay large relative to
// what training adds in 3 epochs, so magnitude no longer tracks importance (one-shot 50 %
// per-layer pruning fell from 98.8 % to 93.0 %, see docs/results). 'he' remains available.

import * as tf from '@tensorflow/tfjs';
import { layerInit, type InitScheme } from './init';

export const LENET5_PARAMS = 431_080;

export type LenetInit = 'he' | 'torch';

export function buildLenet5(seed: number, init: LenetInit = 'torch'): tf.Sequential {
  const outInit: InitScheme = init === 'he' ? 'lecun' : 'torch';
  const model = tf.sequential({ name: 'lenet5' });
  model.add(
    tf.layers.conv2d({
      name: 'conv1',
      inputShape: [28, 28, 1],
      filters: 20,
      kernelSize: 5,
      activation: 'relu',
      ...layerInit(init, 1 * 5 * 5, seed, 0),
    }),
  );
  model.add(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2 }));
  model.add(
    tf.layers.conv2d({
      name: 'conv2',
      filters: 50,
      kernelSize: 5,
      activation: 'relu',
      ...layerInit(init, 20 * 5 * 5, seed, 1),
    }),
  );
  model.add(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2, strides: 2 }));
  model.add(tf.layers.flatten({ name: 'flatten' }));
  model.add(tf.layers.dense({ name: 'fc1', units: 500, activation: 'relu', ...layerInit(init, 800, seed, 2) }));
  model.add(tf.layers.dense({ name: 'fc2', units: 10, ...layerInit(outInit, 500, seed, 3) }));
  return model;
}
