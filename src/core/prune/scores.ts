// Importance scores for pruning (non-negative, one per weight; lower = pruned first), as
// pure typed-array math. Four criteria (DESIGN.md §8 `criterion=`):
//   magnitude |w|                     the tutorial's L1 criterion (Han et al. 2015);
//   taylor    mean_b |w · g_b|        first-order sensitivity over a few batches (Molchanov et al. 2019, SNIP);
//   fisher    ½ · mean_b(g_b²) · w²   Optimal Brain Damage, the Hessian diagonal from squared mini-batch gradients;
//   random    seeded uniform          the honest baseline.
// The gradient statistics (mean |g|, mean g²) come from gradients.ts. A weight that is
// already zero (pruned in the anchor checkpoint) scores 0 under every criterion and a live
// weight never does (a live weight whose gradient is zero, or whose saliency underflows,
// scores the smallest positive float32), so pruning from a pruned checkpoint removes its
// zeros first ("prune p % of what remains") and never trades them for live weights.

import { deriveSeed, mulberry32 } from '../data/random';
import type { Criterion } from '../method';


export function magnitudeScores(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.abs(values[i]);
  return out;
}

/** The smallest positive float32: below every other live score, above the zeros. */
export const LIVE_FLOOR = 2 ** -149;

/** A live weight's score, kept above the pruned zeros' 0 (ties at 0 would be broken by index). */
function live(value: number, score: number): number {
  return value === 0 ? 0 : Math.max(score, LIVE_FLOOR);
}

function checkLength(what: string, a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} weights but ${b.length} gradient entries`);
}

/**
 * Taylor: mean over batches of |w · g_b|, which equals |w| · mean_b |g_b| (w is fixed while
 * the gradients are gathered). `meanAbsGrad` is mean_b |∂L_b/∂w|.
 */
export function taylorScores(values: Float32Array, meanAbsGrad: Float32Array): Float32Array {
  checkLength('taylor', values, meanAbsGrad);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = live(values[i], Math.abs(values[i] * meanAbsGrad[i]));
  return out;
}

/** OBD saliency ½ · h · w² with h ≈ mean_b(g_b²) over mini-batch gradients g_b (a batch-level empirical Fisher diagonal). */
export function fisherScores(values: Float32Array, meanSqGrad: Float32Array): Float32Array {
  checkLength('fisher', values, meanSqGrad);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = live(values[i], 0.5 * meanSqGrad[i] * values[i] * values[i]);
  return out;
}

/** Seeded uniform scores in (0, 1]; weights already zero score 0. */
export function randomScores(values: Float32Array, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const u = 1 - rng(); // (0, 1]: a live weight never ties with the zeros
    out[i] = values[i] === 0 ? 0 : u;
  }
  return out;
}

/** Per-layer gradient statistics, as gradients.ts produces them. */
export interface GradientMoments {
  readonly meanAbs: readonly Float32Array[];
  readonly meanSq: readonly Float32Array[];
}

/**
 * Scores of every layer's kernel under `criterion`. `moments` is required for taylor and
 * fisher (one entry per layer, aligned with `kernels`); `seed` drives random (each layer
 * gets its own stream, derived from the seed and the layer's position).
 */
export function criterionScores(
  criterion: Criterion,
  kernels: readonly Float32Array[],
  moments: GradientMoments | null,
  seed: number,
): Float32Array[] {
  const need = (): GradientMoments => {
    if (!moments) throw new Error(`the ${criterion} criterion needs gradient statistics`);
    if (moments.meanAbs.length !== kernels.length) throw new RangeError(`gradients for ${moments.meanAbs.length} layers, kernels for ${kernels.length}`);
    return moments;
  };
  switch (criterion) {
    case 'magnitude':
      return kernels.map(magnitudeScores);
    case 'taylor':
      return kernels.map((k, i) => taylorScores(k, need().meanAbs[i]));
    case 'fisher':
      return kernels.map((k, i) => fisherScores(k, need().meanSq[i]));
    case 'random':
      return kernels.map((k, i) => randomScores(k, deriveSeed(seed, 5000 + i)));
  }
}
