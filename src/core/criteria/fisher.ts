// Fisher (Optimal Brain Damage) ½ · h · w², with the Hessian diagonal h approximated by the
// mean of squared mini-batch gradients (a batch-level empirical Fisher diagonal).

import { checkLength, DEFAULT_GRADIENT_BATCHES, DEFAULT_GRADIENT_BATCH_SIZE, liveScore, required, type CriterionUnit } from './criterion';

/** OBD saliency ½ · h · w² with h ≈ mean_b(g_b²) over mini-batch gradients g_b. */
export function fisherScores(values: Float32Array, meanSqGrad: Float32Array): Float32Array {
  checkLength('fisher', values, meanSqGrad);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = liveScore(values[i], 0.5 * meanSqGrad[i] * values[i] * values[i]);
  return out;
}

export const fisher: CriterionUnit<'fisher'> = {
  id: 'fisher',
  label: 'Fisher (OBD)',
  formula: '½ · h · w²,  h ≈ mean (∂L/∂w)²',
  help: `Optimal Brain Damage saliency; the Hessian diagonal h is approximated by squared mini-batch gradients, the mean of (∂L/∂w)² over ${DEFAULT_GRADIENT_BATCHES} training batches of ${DEFAULT_GRADIENT_BATCH_SIZE} (the empirical Fisher proper would square each example’s gradient).`,
  tone: 2,
  needs: 'gradients',
  scoresAreMagnitudes: false,
  score: ({ kernels, gradients }) => {
    const g = required('fisher', 'gradient statistics', gradients, kernels.length, (m) => m.meanSq.length);
    return kernels.map((k, i) => fisherScores(k, g.meanSq[i]));
  },
};
