// LeNet-5 as in the tutorial (Caffe variant): conv 20@5×5 → ReLU → maxpool 2 →
// conv 50@5×5 → ReLU → maxpool 2 → dense 500 ReLU → dense 10 (logits). 431,080 parameters.
// Default init: PyTorch's (U(±1/√fan_in) for weights and biases), as in the tutorial.
// It matters for pruning: with He init the random initial weights stay large relative to
// what training adds in 3 epochs, so magnitude no longer tracks importance (one-shot 50 %
// per-layer pruning fell from 98.8 % to 93.0 %, see docs/results). 'he' remains available.
// The architecture is the catalog's description; this module adds the initialiser variant.

import type * as tf from '@tensorflow/tfjs';
import { buildModel } from './buildModel';
import { MODEL_INFO } from '../models/catalog';
import type { LayerDescription } from '../models/description';

export const LENET5_PARAMS = 431_080;

export type LenetInit = 'he' | 'torch';

/** He init for the hidden layers, LeCun for the output layer, zero biases. */
function heLayers(layers: readonly LayerDescription[]): LayerDescription[] {
  const last = layers.length - 1;
  return layers.map((l, i) =>
    l.kind === 'conv2d' || l.kind === 'dense' ? { ...l, init: { scheme: i === last ? 'lecun' : 'he', seedSlot: l.init.seedSlot } } : l,
  );
}

export function buildLenet5(seed: number, init: LenetInit = 'torch'): tf.Sequential {
  const desc = MODEL_INFO.lenet5;
  return buildModel(init === 'torch' ? desc : { ...desc, layers: heLayers(desc.layers) }, seed);
}
