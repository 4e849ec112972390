// The pruning method: everything that says how a model is pruned, apart from its weights.
// Defined once here; the URL schema, presets, controls, protocol, worker, pruning
// controller and the experiments all use this one shape and these const arrays.

import { criterionUnit, CRITERIA, type Criterion } from './criteria';

/** How a weight's importance is scored (lower is pruned first): one unit per criterion in criteria/. */
export { CRITERIA, type Criterion };

/** What is removed: single weights, whole channels / neurons, or N of every M weights. */
export const STRUCTURES = ['weights', 'channels', 'nm'] as const;
export type Structure = (typeof STRUCTURES)[number];

/** N:M patterns: in every group of M consecutive weights along the input dimension, N are kept. */
export const NM_PATTERNS = ['2:4', '1:4', '4:8'] as const;
export type NmPattern = (typeof NM_PATTERNS)[number];

/** Per layer (each layer loses its share) or global (one threshold over all selected layers). */
export const SCOPES = ['layer', 'global'] as const;
export type Scope = (typeof SCOPES)[number];

/** How the target sparsity is reached. */
export const SCHEDULES = ['oneshot', 'iterative', 'agp', 'lottery'] as const;
export type Schedule = (typeof SCHEDULES)[number];

/** The largest rate the slider offers. */
export const MAX_RATE = 0.99;

/** The per-layer cap global scope uses unless the user changes it: no layer is emptied. */
export const DEFAULT_GLOBAL_CAP = 0.99;

export interface PruneMethod {
  /** Fraction of the selected weights to set to zero, 0–MAX_RATE. */
  readonly rate: number;
  readonly scope: Scope;
  /** Global scope only: no layer loses more than this fraction (null: no cap). */
  readonly cap: number | null;
  /** Layers to prune; the others keep every weight. */
  readonly layers: readonly string[];
  /**
   * Selected layers pruned by whole kernel rows (e.g. vocabulary rows of an embedding),
   * ranked by row L2 norm; they always lose round(rate · rows) rows of their own.
   */
  readonly rowLayers: readonly string[];
  readonly criterion: Criterion;
  readonly structure: Structure;
  /** The N:M pattern, used when structure is 'nm'. */
  readonly nm: NmPattern;
  readonly schedule: Schedule;
}

export function isOneOf<T extends string>(options: readonly T[], value: string): value is T {
  return (options as readonly string[]).includes(value);
}

export const isCriterion = (value: string): value is Criterion => isOneOf(CRITERIA, value);
export const isStructure = (value: string): value is Structure => isOneOf(STRUCTURES, value);
export const isScope = (value: string): value is Scope => isOneOf(SCOPES, value);
export const isNmPattern = (value: string): value is NmPattern => isOneOf(NM_PATTERNS, value);
export const isSchedule = (value: string): value is Schedule => isOneOf(SCHEDULES, value);

/** Criteria whose scores need the model run on training data (gradients, layer inputs), not just the weights. */
export function needsModelData(c: Criterion): boolean {
  return criterionUnit(c).needs !== 'weights';
}

/** The method a model starts with: nothing pruned yet, the tutorial's L1 per layer. */
export function defaultMethod(layers: readonly string[]): PruneMethod {
  return { rate: 0, scope: 'layer', cap: null, layers, rowLayers: [], criterion: 'magnitude', structure: 'weights', nm: '2:4', schedule: 'oneshot' };
}

/** The cap in force: only global scope caps layers. */
export function effectiveCap(method: Pick<PruneMethod, 'scope' | 'cap'>): number | null {
  return method.scope === 'global' ? method.cap : null;
}

/** A stable key of what decides the masks (two methods with the same key prune alike). */
export function maskKey(m: PruneMethod): string {
  return JSON.stringify([m.rate, m.scope, effectiveCap(m), [...m.layers].sort(), [...m.rowLayers].sort(), m.criterion, m.structure, m.nm]);
}

/** The default method for `layers` with some settings changed. */
export function methodFor(layers: readonly string[], patch: Partial<PruneMethod> = {}): PruneMethod {
  return { ...defaultMethod(layers), ...patch };
}
