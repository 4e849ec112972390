// What a pruning criterion is. Each criterion is one unit in its own file in this folder: its
// id (the URL's `criterion=` value), the words and the chart colour the UI shows, which
// statistics of the model it needs, and its score function. index.ts lists the units; the
// URL schema, the controls, the charts, the sweeps and the scripts all read that list.
// Plain typed-array math and no tfjs: the UI may import this folder. The engine gathers the
// statistics a unit names (core/lab/gradients.ts, core/lab/inputNorms.ts).
//
// Scores are non-negative, one per kernel weight, lower = pruned first. A weight that is
// already zero (pruned in the anchor checkpoint) scores 0 under every criterion and a live
// weight never does (liveScore), so pruning from a pruned checkpoint removes its zeros first
// ("prune p % of what remains") and never trades them for live weights.

/** How many training batches of how many examples a criterion's statistics are gathered over, unless a run says otherwise. */
export const DEFAULT_GRADIENT_BATCHES = 8;
export const DEFAULT_GRADIENT_BATCH_SIZE = 64;

/** What a criterion reads besides the kernels: nothing, loss gradients, or the layers' inputs. */
export type Statistic = 'weights' | 'gradients' | 'inputs';

/** Per-layer gradient statistics (core/lab/gradients.ts): mean_b |g_b| and mean_b g_b² per weight. */
export interface GradientMoments {
  readonly meanAbs: readonly Float32Array[];
  readonly meanSq: readonly Float32Array[];
}

/**
 * Per-layer input statistics (core/lab/inputNorms.ts): ‖x_j‖₂ of each input feature j of
 * the layer over the calibration examples (dense: one per input; conv: one per input channel,
 * over every example and position).
 */
export interface InputNorms {
  readonly norms: readonly Float32Array[];
}

export interface ScoreInput {
  /** The prunable kernels, in layer order, and their shapes ([in, out] dense, [kh, kw, in, out] conv). */
  readonly kernels: readonly Float32Array[];
  readonly shapes: readonly (readonly number[])[];
  /** Seeds the random criterion (each layer its own stream). */
  readonly seed: number;
  readonly gradients: GradientMoments | null;
  readonly inputs: InputNorms | null;
}

export interface CriterionUnit<Id extends string = string> {
  readonly id: Id;
  /** Name on screen, its formula, and one line on what it does. */
  readonly label: string;
  readonly formula: string;
  readonly help: string;
  /** The colour of this criterion on every chart: the theme's --tone-N. */
  readonly tone: number;
  readonly needs: Statistic;
  /** Scores are |w| itself: a layer's cut is a weight threshold (the histograms draw it). */
  readonly scoresAreMagnitudes: boolean;
  score(input: ScoreInput): Float32Array[];
}

/** The smallest positive float32: below every other live score, above the zeros. */
export const LIVE_FLOOR = 2 ** -149;

/** A live weight's score, kept above the pruned zeros' 0 (ties at 0 would be broken by index). */
export function liveScore(value: number, score: number): number {
  return value === 0 ? 0 : Math.max(score, LIVE_FLOOR);
}

/** The statistic a unit needs, checked against the kernels (one entry per layer). */
export function required<T>(criterion: string, what: string, stats: T | null, layers: number, count: (s: T) => number): T {
  if (!stats) throw new Error(`the ${criterion} criterion needs ${what}`);
  if (count(stats) !== layers) throw new RangeError(`${what} for ${count(stats)} layers, kernels for ${layers}`);
  return stats;
}

export function checkLength(what: string, a: Float32Array, b: Float32Array): void {
  if (a.length !== b.length) throw new RangeError(`${what}: ${a.length} weights but ${b.length} gradient entries`);
}
