// The UI's view of the lab's tools, folded from worker events by a pure reducer: browser
// storage status, the confusion matrix of the current model, draw-a-digit predictions,
// and export / import progress and results.

import type { LabAction } from '../../shell/labState';
import type { ClassProbability } from '../../core/inspect/topClasses';
import type { StorageStatus } from '../../protocol/toolEvents';
import { isStale } from '../prune/pruneState';

export interface StorageUiState {
  /** False until the worker has looked in storage after init (autorun waits for it). */
  readonly checked: boolean;
  readonly status: StorageStatus | null;
  readonly savedAt: number | null;
  readonly checkpoints: number;
  readonly message: string;
}

export interface ConfusionUiState {
  readonly id: number;
  readonly classes: number;
  readonly counts: Uint32Array;
  readonly examples: number;
  readonly accuracy: number;
}

export interface DigitUiState {
  readonly id: number;
  readonly dense: readonly ClassProbability[];
  readonly pruned: readonly ClassProbability[];
}

export interface ExportResult {
  /** Counts exports, so each one is downloaded once. */
  readonly seq: number;
  readonly fileName: string;
  readonly data: ArrayBuffer;
  readonly accuracy: number;
  readonly examples: number;
  readonly sparsity: number;
}

export interface ImportResult {
  readonly checkpointId: number;
  readonly source: string;
  readonly accuracy: number;
  readonly examples: number;
  readonly sparsity: number;
}

export interface ToolsState {
  readonly storage: StorageUiState;
  /** True when the trained model came from storage (no training ran in this page). */
  readonly restored: boolean;
  readonly confusion: ConfusionUiState | null;
  readonly digit: DigitUiState | null;
  readonly busy: 'export' | 'import' | null;
  readonly exported: ExportResult | null;
  readonly imported: ImportResult | null;
}

export const INITIAL_TOOLS_STATE: ToolsState = {
  storage: { checked: false, status: null, savedAt: null, checkpoints: 0, message: '' },
  restored: false,
  confusion: null,
  digit: null,
  busy: null,
  exported: null,
  imported: null,
};

export type ToolsAction = { readonly type: 'requestExport' } | { readonly type: 'requestImport' };

const TOOL_ACTIONS: readonly string[] = ['requestExport', 'requestImport'] satisfies ToolsAction['type'][];

export function isToolsAction(action: { readonly type: string }): action is ToolsAction {
  return TOOL_ACTIONS.includes(action.type);
}

export function toolsReducer(state: ToolsState, action: LabAction, requestedId: number): ToolsState {
  switch (action.type) {
    case 'storage': {
      const { status, savedAt, checkpoints, message } = action;
      return { ...state, storage: { checked: true, status, savedAt, checkpoints, message } };
    }
    case 'restored':
      return { ...state, restored: true };
    case 'trainStart':
      return action.kind === 'train' ? { ...state, restored: false, confusion: null, digit: null, imported: null } : state;
    case 'confusion':
      if (isStale(action.id, requestedId)) return state;
      return { ...state, confusion: { id: action.id, classes: action.classes, counts: action.counts, examples: action.examples, accuracy: action.accuracy } };
    case 'digitPrediction':
      return action.id < (state.digit?.id ?? 0) ? state : { ...state, digit: { id: action.id, dense: action.dense, pruned: action.pruned } };
    case 'requestExport':
      return { ...state, busy: 'export' };
    case 'requestImport':
      return { ...state, busy: 'import' };
    case 'exported': {
      const { fileName, data, accuracy, examples, sparsity } = action;
      return { ...state, busy: null, exported: { seq: (state.exported?.seq ?? 0) + 1, fileName, data, accuracy, examples, sparsity } };
    }
    case 'imported': {
      const { checkpointId, source, accuracy, examples, sparsity } = action;
      return { ...state, busy: null, imported: { checkpointId, source, accuracy, examples, sparsity } };
    }
    case 'error':
      return action.stage === 'io' ? { ...state, busy: null } : state;
    default:
      return state;
  }
}
