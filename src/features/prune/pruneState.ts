// The UI's view of pruning: the latest stats from the worker, the accuracy shown for the
// current masks (an estimate while dragging, the full test set on release), model sizes,
// released previews and committed checkpoints for the accuracy-vs-sparsity chart.

import type { CheckpointInfo, LabEvent, ModelSizes } from '../../protocol/events';
import type { PruneStats } from '../../core/prune/controller';

export interface PrunedAccuracy {
  readonly id: number;
  readonly value: number;
  readonly estimate: boolean;
  readonly examples: number;
  readonly sparsity: number;
}

export interface PrunePoint {
  readonly sparsity: number;
  readonly accuracy: number;
}

export interface PruneUiState {
  /** Id of the newest request sent; accuracy for older ids is stale. */
  readonly requestedId: number;
  readonly stats: PruneStats | null;
  /** Request id the stats answer (-1 for the worker's own re-preview after fine-tuning). */
  readonly statsId: number;
  readonly accuracy: PrunedAccuracy | null;
  readonly sizes: ModelSizes | null;
  readonly denseSizes: ModelSizes | null;
  readonly previews: readonly PrunePoint[];
  readonly checkpoints: readonly CheckpointInfo[];
  /** The checkpoint pruning starts from. */
  readonly anchorId: number;
}

export const INITIAL_PRUNE_STATE: PruneUiState = {
  requestedId: 0,
  stats: null,
  statsId: 0,
  accuracy: null,
  sizes: null,
  denseSizes: null,
  previews: [],
  checkpoints: [],
  anchorId: 0,
};

/**
 * A pruning result is stale when a newer request has been sent since; id -1 marks the
 * worker's own re-preview (after fine-tuning or a checkpoint switch), which is never stale.
 */
export function isStale(id: number, requestedId: number): boolean {
  return id !== -1 && id < requestedId;
}

export type PruneAction = LabEvent | { readonly type: 'requestPrune'; readonly id: number };

export function pruneReducer(state: PruneUiState, action: PruneAction): PruneUiState {
  switch (action.type) {
    case 'requestPrune':
      return { ...state, requestedId: action.id };
    case 'trainStart':
      return action.kind === 'train' ? INITIAL_PRUNE_STATE : state;
    case 'checkpoint': {
      const dense = action.checkpoint.kind === 'dense';
      return {
        ...state,
        checkpoints: [...state.checkpoints, action.checkpoint],
        denseSizes: dense ? action.sizes : state.denseSizes,
        sizes: action.sizes,
        accuracy: dense
          ? null
          : { id: -1, value: action.checkpoint.accuracy, estimate: false, examples: 0, sparsity: action.checkpoint.sparsity },
      };
    }
    case 'anchor':
      return { ...state, anchorId: action.id };
    case 'pruneStats':
      return { ...state, stats: action.stats, statsId: action.id };
    case 'pruneAccuracy': {
      if (isStale(action.id, state.requestedId)) return state; // a newer move is on its way
      const accuracy: PrunedAccuracy = {
        id: action.id,
        value: action.accuracy,
        estimate: action.estimate,
        examples: action.examples,
        sparsity: action.sparsity,
      };
      const previews = action.estimate
        ? state.previews
        : [...state.previews, { sparsity: action.sparsity, accuracy: action.accuracy }];
      return { ...state, accuracy, previews };
    }
    case 'pruneSizes':
      return isStale(action.id, state.requestedId) ? state : { ...state, sizes: action.sizes };
    default:
      return state;
  }
}
