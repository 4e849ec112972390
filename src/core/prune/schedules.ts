// Pruning schedules as pure functions (the runners that train with them live in
// src/core/lab/): Han et al.'s iterative rounds, and Zhu & Gupta's automated gradual
// pruning (AGP) sparsity curve.

/**
 * Iterative pruning (Han et al. 2015): each round prunes `perRound` of the weights that
 * remain, so after round k the sparsity is 1 − (1 − p)^k; the last round stops exactly at
 * `target`. E.g. target 0.92, p 0.5 → 0.5, 0.75, 0.875, 0.92.
 */
export function iterativeRates(target: number, perRound: number, maxRounds = 100): number[] {
  if (!(target > 0 && target < 1)) throw new RangeError(`target sparsity must be in (0, 1), got ${target}`);
  if (!(perRound > 0 && perRound < 1)) throw new RangeError(`per-round rate must be in (0, 1), got ${perRound}`);
  const rates: number[] = [];
  let kept = 1;
  while (rates.length < maxRounds) {
    kept *= 1 - perRound;
    const s = 1 - kept;
    if (s >= target - 1e-12) {
      rates.push(target);
      return rates;
    }
    rates.push(s);
  }
  throw new RangeError(`${maxRounds} rounds of ${perRound} do not reach ${target}`);
}

export interface AgpSchedule {
  /** s_i: sparsity at the first update (usually 0). */
  readonly initial: number;
  /** s_f: sparsity from the last update on. */
  readonly final: number;
  /** t0: the step of the first update. */
  readonly startStep: number;
  /** Δt: steps between mask updates. */
  readonly frequency: number;
  /** n: updates after the first, so the last is at t0 + n·Δt. */
  readonly updates: number;
}

/**
 * Zhu & Gupta 2017: s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³ for t0 ≤ t ≤ t0 + nΔt;
 * s_i before t0 and s_f after. Prunes fast early (many redundant weights) and slowly late.
 */
export function agpSparsity(step: number, s: AgpSchedule): number {
  const span = s.updates * s.frequency;
  if (step < s.startStep) return s.initial;
  if (span <= 0 || step >= s.startStep + span) return s.final;
  const progress = (step - s.startStep) / span;
  return s.final + (s.initial - s.final) * (1 - progress) ** 3;
}

/** The steps at which AGP updates the masks: t0, t0 + Δt, …, t0 + nΔt. */
export function agpUpdateSteps(s: AgpSchedule): number[] {
  return Array.from({ length: s.updates + 1 }, (_, k) => s.startStep + k * s.frequency);
}

/**
 * An AGP schedule over a training run of `totalSteps`: from 0 to `final`, updating every
 * `frequency` steps from `startFraction` to `endFraction` of the run (then masks held, so the
 * last part of training recovers at the final sparsity).
 */
export function agpForRun(final: number, totalSteps: number, frequency: number, startFraction = 0, endFraction = 0.75): AgpSchedule {
  if (!(final >= 0 && final < 1)) throw new RangeError(`final sparsity must be in [0, 1), got ${final}`);
  if (!(frequency >= 1)) throw new RangeError(`update frequency must be at least one step, got ${frequency}`);
  const startStep = Math.floor(startFraction * totalSteps);
  const updates = Math.max(1, Math.floor((endFraction * totalSteps - startStep) / frequency));
  return { initial: 0, final, startStep, frequency, updates };
}
