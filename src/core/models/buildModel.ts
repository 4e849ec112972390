// Builds the tfjs model a sequential ModelDescription describes: one layer per description
// layer, in order, with the same names, so weight names are `<layer>/kernel|bias`. Each
// weighted layer draws its initial weights from its own seeded stream (init.seedSlot), so
// the same description and seed give the same weights bit for bit. An embedding becomes a
// bias-free dense layer over a normalised bag-of-words vector (the mean of the rows of the
// example's tokens, computed without a gather).

import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../data/random';
import type { InitDescription, LayerDescription, ModelDescription } from './description';
import { layerShapes } from './description';
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
    case 'conv2d':
      return tf.layers.conv2d({ ...first, name, filters: layer.filters, kernelSize: layer.kernelSize, activation: layer.activation, ...initOf(layer.init, fanIn, seed) });
    case 'maxPool2d':
      return tf.layers.maxPooling2d({ ...first, name, poolSize: layer.poolSize, strides: layer.strides });
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
