// Importance scores for pruning (non-negative, one per weight; lower = pruned first).
// Magnitude |w| is the tutorial's L1 criterion; other criteria plug in here.

export type Criterion = 'magnitude';

export function magnitudeScores(values: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = Math.abs(values[i]);
  return out;
}
