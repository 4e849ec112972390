// The save / share panel's state, folded from the lab's actions: browser storage as the
// worker last reported it, and the latest export and import with their errors, which are
// shown next to the control that caused them.

import type { LabAction } from '../../protocol/actions';
import type { ExportResult, ImportResult, StorageState } from '../../protocol/results';

export interface ShareSliceState {
  /** Null until the worker has looked in storage (after init). */
  readonly storage: StorageState | null;
  readonly exporting: boolean;
  readonly importing: boolean;
  /** Counts exports, so each archive is downloaded once. */
  readonly exported: (ExportResult & { readonly seq: number }) | null;
  readonly imported: ImportResult | null;
  readonly exportError: string | null;
  readonly importError: string | null;
}

export const INITIAL_SHARE: ShareSliceState = { storage: null, exporting: false, importing: false, exported: null, imported: null, exportError: null, importError: null };

export function shareReducer(state: ShareSliceState, action: LabAction): ShareSliceState {
  switch (action.type) {
    case 'callStarted':
      if (action.name === 'export') return { ...state, exporting: true, exportError: null };
      if (action.name === 'import' || action.name === 'importOnnx') return { ...state, importing: true, importError: null, imported: null };
      if (action.name === 'train') return { ...state, imported: null };
      return state;
    case 'callEnded':
      if (action.name === 'init' && action.ok) return { ...state, storage: action.value.storage };
      if (action.name === 'resetStorage' && action.ok) return { ...state, storage: action.value };
      if (action.name === 'export') {
        if (!action.ok) return { ...state, exporting: false, exportError: action.error.message };
        return { ...state, exporting: false, exported: { ...action.value, seq: (state.exported?.seq ?? 0) + 1 } };
      }
      if (action.name === 'import' || action.name === 'importOnnx') {
        if (!action.ok) return { ...state, importing: false, importError: action.error.message };
        return { ...state, importing: false, imported: action.value };
      }
      return state;
    case 'event':
      return action.event.type === 'storage' ? { ...state, storage: action.event.storage } : state;
  }
}

/** Sets a local import error (a file refused before it reached the worker). */
export function withImportError(state: ShareSliceState, message: string): ShareSliceState {
  return { ...state, importError: message, importing: false };
}
