// Random: seeded uniform scores, the honest baseline any criterion worth its cost must beat.

import { deriveSeed, mulberry32 } from '../random';
import type { CriterionUnit } from './criterion';

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

export const random: CriterionUnit<'random'> = {
  id: 'random',
  label: 'random',
  formula: 'u ~ U(0, 1], seeded',
  help: 'The honest baseline: any criterion worth its cost must beat it.',
  tone: 3,
  needs: 'weights',
  scoresAreMagnitudes: false,
  // each layer its own stream, derived from the seed and the layer's position
  score: ({ kernels, seed }) => kernels.map((k, i) => randomScores(k, deriveSeed(seed, 5000 + i))),
};
