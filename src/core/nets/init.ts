// Seeded initialisers. `he` (Kaiming uniform, U(±√(6/fan_in)), biases 0) is the standard
// for layers followed by ReLU and PruneLab's default; `lecun` (U(±√(3/fan_in)), biases 0)
// suits the linear output layer; `torch` reproduces PyTorch's nn.Conv2d/nn.Linear default
// (kaiming_uniform a=√5 ⇒ U(±1/√fan_in), biases likewise), which starts learning slower.

import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../random';

export type InitScheme = 'he' | 'lecun' | 'torch';

const KERNEL_GAIN: Record<InitScheme, number> = { he: 6, lecun: 3, torch: 1 };

type Initializer = ReturnType<typeof tf.initializers.randomUniform>;

export interface LayerInit {
  kernelInitializer: Initializer;
  biasInitializer: Initializer;
}

export function layerInit(scheme: InitScheme, fanIn: number, seed: number, layerIndex: number): LayerInit {
  const kernelBound = Math.sqrt(KERNEL_GAIN[scheme] / fanIn);
  const biasBound = scheme === 'torch' ? 1 / Math.sqrt(fanIn) : 0;
  return {
    kernelInitializer: tf.initializers.randomUniform({
      minval: -kernelBound,
      maxval: kernelBound,
      seed: deriveSeed(seed, 2 * layerIndex),
    }),
    biasInitializer:
      biasBound === 0
        ? tf.initializers.zeros()
        : tf.initializers.randomUniform({ minval: -biasBound, maxval: biasBound, seed: deriveSeed(seed, 2 * layerIndex + 1) }),
  };
}
