// The prune panel's state, folded from the lab's actions: the model on screen (its
// ModelView), the measurements of that very view (an estimate while dragging, the full test
// set once settled), its sizes, the checkpoints, and the measured points of the
// accuracy-vs-sparsity chart. A measurement of an older view is kept only as "stale".

import type { LabAction } from '../../protocol/actions';
import type { CheckpointInfo, Measurement, ModelSizes, ModelView } from '../../protocol/results';
import type { Criterion, Scope, Structure } from '../../core/method';

/** One measured point of the accuracy-vs-sparsity chart, with the method that produced it. */
export interface AccuracyPoint {
  readonly sparsity: number;
  readonly accuracy: number;
  readonly scope: Scope;
  readonly criterion: Criterion;
  readonly structure: Structure;
  readonly label: string;
}

export interface PruneSliceState {
  readonly view: ModelView | null;
  /** The latest estimate and full measurement (of this view or an older one). */
  readonly estimate: Measurement | null;
  readonly full: Measurement | null;
  readonly sizes: { readonly viewSeq: number; readonly sizes: ModelSizes } | null;
  readonly checkpoints: readonly CheckpointInfo[];
  readonly anchorId: number;
  /** Released settings measured on the full test set (pruned, not fine-tuned). */
  readonly points: readonly AccuracyPoint[];
}

export const INITIAL_PRUNE: PruneSliceState = { view: null, estimate: null, full: null, sizes: null, checkpoints: [], anchorId: 0, points: [] };

/** Points kept on the chart. */
export const MAX_POINTS = 200;

function point(view: ModelView, m: Measurement): AccuracyPoint {
  const { scope, criterion, structure } = view.method;
  return { sparsity: view.selected.sparsity, accuracy: m.accuracy, scope, criterion, structure, label: `${(view.selected.sparsity * 100).toFixed(1)}% zeros, ${scope}, ${criterion}, ${structure}` };
}

export function pruneReducer(state: PruneSliceState, action: LabAction): PruneSliceState {
  if (action.type === 'callStarted' && action.name === 'train') return INITIAL_PRUNE;
  if (action.type !== 'event') return state;
  const e = action.event;
  switch (e.type) {
    case 'model':
      return INITIAL_PRUNE;
    case 'view':
      return { ...state, view: e.view };
    case 'measurement': {
      const m = e.measurement;
      if (m.estimate) return { ...state, estimate: m };
      const view = state.view;
      const fresh = view && view.seq === m.viewSeq && !state.checkpoints.some((c) => Math.abs(c.sparsity - view.selected.sparsity) < 1e-9 && c.accuracy === m.accuracy);
      const points = fresh && view ? [...state.points, point(view, m)].slice(-MAX_POINTS) : state.points;
      return { ...state, full: m, points };
    }
    case 'sizes':
      return { ...state, sizes: { viewSeq: e.viewSeq, sizes: e.sizes } };
    case 'checkpoints':
      return { ...state, checkpoints: e.list, anchorId: e.anchorId };
    default:
      return state;
  }
}

/** What the accuracy readout shows: the best measurement of the view on screen, or the last one marked stale. */
export interface ShownAccuracy {
  readonly value: number;
  readonly estimate: boolean;
  readonly examples: number;
  /** Measured on another setting than the one on screen: a newer measurement is on its way. */
  readonly stale: boolean;
}

export function shownAccuracy(s: Pick<PruneSliceState, 'view' | 'estimate' | 'full'>): ShownAccuracy | null {
  const seq = s.view?.seq ?? -1;
  const { full, estimate } = s;
  if (full && full.viewSeq === seq) return { value: full.accuracy, estimate: false, examples: full.examples, stale: false };
  if (estimate && estimate.viewSeq === seq) return { value: estimate.accuracy, estimate: true, examples: estimate.examples, stale: false };
  const last = [full, estimate].filter((m): m is Measurement => m !== null).sort((a, b) => b.viewSeq - a.viewSeq)[0];
  return last ? { value: last.accuracy, estimate: last.estimate, examples: last.examples, stale: true } : null;
}

/** The dense checkpoint (#0, trained or restored), if any. */
export function denseCheckpoint(s: Pick<PruneSliceState, 'checkpoints'>): CheckpointInfo | null {
  return s.checkpoints.find((c) => c.id === 0) ?? null;
}

/** What the model on screen is compared with: the trained (dense) or imported checkpoint its anchor descends from. */
export function referenceCheckpoint(s: Pick<PruneSliceState, 'checkpoints' | 'anchorId'>): CheckpointInfo | null {
  const root = s.checkpoints.find((c) => c.id === s.anchorId)?.root ?? 0;
  return s.checkpoints.find((c) => c.id === root) ?? denseCheckpoint(s);
}
