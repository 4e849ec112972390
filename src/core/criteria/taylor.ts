// Taylor |w · ∂L/∂w|: first-order estimate of the loss change when a weight is removed,
// averaged over a few training batches (Molchanov et al. 2019; SNIP).

import { checkLength, DEFAULT_GRADIENT_BATCHES, liveScore, required, type CriterionUnit } from './criterion';

/**
 * Mean over batches of |w · g_b|, which equals |w| · mean_b |g_b| (w is fixed while the
 * gradients are gathered). `meanAbsGrad` is mean_b |∂L_b/∂w|.
 */
export function taylorScores(values: Float32Array, meanAbsGrad: Float32Array): Float32Array {
  checkLength('taylor', values, meanAbsGrad);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = liveScore(values[i], Math.abs(values[i] * meanAbsGrad[i]));
  return out;
}

export const taylor: CriterionUnit<'taylor'> = {
  id: 'taylor',
  label: 'Taylor',
  formula: '|w · ∂L/∂w|',
  help: `First-order estimate of the loss change when a weight is removed, averaged over ${DEFAULT_GRADIENT_BATCHES} training batches.`,
  tone: 1,
  needs: 'gradients',
  scoresAreMagnitudes: false,
  score: ({ kernels, gradients }) => {
    const g = required('taylor', 'gradient statistics', gradients, kernels.length, (m) => m.meanAbs.length);
    return kernels.map((k, i) => taylorScores(k, g.meanAbs[i]));
  },
};
