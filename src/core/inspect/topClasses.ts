// The k most probable classes of one prediction, for the draw-a-digit readout.

export interface ClassProbability {
  readonly digit: number;
  readonly probability: number;
}

/** The top `k` classes by probability, highest first; ties go to the lower class id. */
export function topClasses(probabilities: ArrayLike<number>, k = 3): ClassProbability[] {
  const all = Array.from({ length: probabilities.length }, (_, digit) => ({ digit, probability: probabilities[digit] }));
  all.sort((a, b) => b.probability - a.probability || a.digit - b.digit);
  return all.slice(0, k);
}
