// Builds the tfjs model a sequential ModelDescription describes: one layer per description
// layer, in order, with the same names, so weight names are `<layer>/kernel|bias`. Each
// weighted layer draws its initial weights from its own seeded stream (init.seedSlot), so
// the same description and seed give the same weights bit for bit. An embedding becomes a
// bias-free dense layer over a normalised bag-of-words vector (the mean of the rows of the
// example's tokens, computed without a gather).

import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../random';
import type { InitDescription, LayerDescription, ModelDescription } from '../models/description';
import { layerShapes } from '../models/description';
import { layerInit, type LayerInit } from './init';

function initOf(init: InitDescription, fanIn: number, seed: number): LayerInit | { kernelInitializer: ReturnType<typeof tf.initializers.randomNormal> } {
  if (init.scheme === 'normal') {
    return { kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: init.stddev, seed: deriveSeed(seed, init.seedSlot) }) };
  }
  return layerInit(init.scheme, fanIn, seed, init.seedSlot);
}

function tfLayer(layer: LayerDescription, fanIn: number, seed: number, first: { inputShape?: number[] }): tf.layers.Layer {
  const name = layer.name;
  switch (layer.kind) {
    case 'conv2d': {
      const kernelSize = layer.kernelShape ? [...layer.kernelShape] : layer.kernelSize;
      const shape = { kernelSize, strides: layer.strides ?? 1, padding: layer.padding ?? 'valid', useBias: layer.useBias !== false } as const;
      return tf.layers.conv2d({ ...first, name, filters: layer.filters, ...shape, activation: layer.activation, ...initOf(layer.init, fanIn, seed) });
    }
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ ...first, name, poolSize: layer.poolSize, strides: layer.strides, ...(layer.padding ? { padding: layer.padding } : {}) });
    case 'avgPool2d':
      return tf.layers.averagePooling2d({ ...first, name, poolSize: layer.poolSize, strides: layer.strides, padding: layer.padding ?? 'valid' });
    case 'globalAvgPool2d':
      return tf.layers.globalAveragePooling2d({ ...first, name });
    case 'zeroPad2d':
      return tf.layers.zeroPadding2d({ ...first, name, padding: [[layer.pads[0], layer.pads[1]], [layer.pads[2], layer.pads[3]]] });
    case 'batchNorm':
      return tf.layers.batchNormalization({ ...first, name, axis: -1, epsilon: layer.epsilon, momentum: layer.momentum });
    case 'activation':
      return layer.activation === 'leakyRelu' ? tf.layers.leakyReLU({ ...first, name, alpha: layer.alpha ?? 0.01 }) : tf.layers.activation({ ...first, name, activation: layer.activation });
    case 'flatten':
      return tf.layers.flatten({ ...first, name });
    case 'dense':
      return tf.layers.dense({ ...first, name, units: layer.units, activation: layer.activation, useBias: layer.useBias !== false, ...initOf(layer.init, fanIn, seed) });
    case 'embedding':
      return tf.layers.dense({ ...first, name, units: layer.dim, useBias: false, activation: layer.activation, ...initOf(layer.init, fanIn, seed) });
  }
}

/**
 * The tfjs model of `desc`, initialised from `seed`. `vocabSize` overrides the token input's
 * vocabulary size (the loaded vocabulary's); image models ignore it.
 */
export function buildModel(desc: Pick<ModelDescription, 'id' | 'input' | 'layers'>, seed: number, vocabSize?: number): tf.Sequential {
  const model = tf.sequential({ name: desc.id });
  layerShapes(desc, vocabSize).forEach((shape, i) => {
    const first = i === 0 ? { inputShape: [...shape.inShape] } : {};
    model.add(tfLayer(shape.layer, shape.fanIn, seed, first));
  });
  return model;
}
