// Wanda, activation-aware magnitude (Sun et al. 2023): |w| · ‖x_j‖₂, a weight's magnitude
// times the L2 norm of the input feature j it multiplies, over a few calibration batches of
// the training data. A large weight on an input that is nearly always zero matters little;
// a small weight on a loud input can matter. Dense kernels [in, out]: j is the input;
// conv kernels [kh, kw, in, out]: j is the input channel, its norm over every position.
// Here the scores are ranked like every criterion's (per layer or global), not per output
// row as in the paper.

import { DEFAULT_GRADIENT_BATCHES, DEFAULT_GRADIENT_BATCH_SIZE, liveScore, required, type CriterionUnit } from './criterion';

/** |w| · ‖x_j‖₂ for a kernel of `shape` whose input features have the norms `norms`. */
export function wandaScores(values: Float32Array, shape: readonly number[], norms: Float32Array): Float32Array {
  const out = shape[shape.length - 1];
  const inputs = shape[shape.length - 2];
  if (shape.length < 2 || norms.length !== inputs) throw new RangeError(`wanda: ${norms.length} input norms for a kernel of shape [${shape.join(', ')}]`);
  const scores = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) scores[i] = liveScore(values[i], Math.abs(values[i]) * norms[Math.floor(i / out) % inputs]);
  return scores;
}

export const wanda: CriterionUnit<'wanda'> = {
  id: 'wanda',
  label: 'Wanda',
  formula: '|w| · ‖x_j‖₂',
  help: `Activation-aware magnitude (Sun et al. 2023): |w| times the L2 norm of the input it multiplies (a conv’s input channel over all positions), from ${DEFAULT_GRADIENT_BATCHES} training batches of ${DEFAULT_GRADIENT_BATCH_SIZE}; no gradients.`,
  tone: 5,
  needs: 'inputs',
  scoresAreMagnitudes: false,
  score: ({ kernels, shapes, inputs }) => {
    const x = required('wanda', 'input statistics', inputs, kernels.length, (s) => s.norms.length);
    return kernels.map((k, i) => wandaScores(k, shapes[i], x.norms[i]));
  },
};
