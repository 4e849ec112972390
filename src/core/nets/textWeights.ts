// The text classifier's weights, read by name from a snapshot (optionally with pruned
// kernels and biases replaced), for the plain-JS forward pass of the try-it box.

import type { TextWeights } from './textForward';
import type { WeightSnapshot } from '../weights';

export function textWeights(snapshot: WeightSnapshot, replace?: ReadonlyMap<string, Float32Array>): TextWeights {
  const get = (name: string) => {
    const i = snapshot.names.indexOf(name);
    if (i < 0) throw new Error(`the model has no ${name}: not a text classifier`);
    return replace?.get(name) ?? snapshot.values[i];
  };
  return {
    embedding: get('embedding/kernel'),
    fc1Kernel: get('fc1/kernel'),
    fc1Bias: get('fc1/bias'),
    fc2Kernel: get('fc2/kernel'),
    fc2Bias: get('fc2/bias'),
  };
}
