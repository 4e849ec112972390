// Magnitude |w|: small weights matter least. The tutorial's L1 criterion (Han et al. 2015)
// and the lab's default.

import type { CriterionUnit } from './criterion';

export function magnitudeScores(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.abs(values[i]);
  return out;
}

export const magnitude: CriterionUnit<'magnitude'> = {
  id: 'magnitude',
  label: 'magnitude',
  formula: '|w|',
  help: 'Small weights matter least (Han et al. 2015; the tutorial’s L1 criterion).',
  tone: 0,
  needs: 'weights',
  scoresAreMagnitudes: true,
  score: ({ kernels }) => kernels.map(magnitudeScores),
};
