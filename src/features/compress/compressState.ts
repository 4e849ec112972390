// The compression panel's state as plain data and its one reducer: the run's progress (with
// a time estimate from the steps done so far), its result, the file loaded back, errors.

import type { CompressReply, LoadCompressedReply } from '../../protocol/calls';

export interface CompressProgressState {
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  readonly elapsedSec: number;
}

export interface CompressState {
  readonly running: boolean;
  readonly progress: CompressProgressState | null;
  readonly result: CompressReply | null;
  readonly loaded: LoadCompressedReply | null;
  readonly error: string | null;
}

export const INITIAL_COMPRESS: CompressState = { running: false, progress: null, result: null, loaded: null, error: null };

export type CompressAction =
  | { readonly type: 'start' }
  | { readonly type: 'progress'; readonly progress: CompressProgressState }
  | { readonly type: 'done'; readonly result: CompressReply }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'loaded'; readonly loaded: LoadCompressedReply }
  | { readonly type: 'loadFailed'; readonly message: string };

export function compressReducer(state: CompressState, action: CompressAction): CompressState {
  switch (action.type) {
    case 'start':
      return { ...INITIAL_COMPRESS, running: true };
    case 'progress':
      return state.running ? { ...state, progress: action.progress } : state;
    case 'done':
      return { ...state, running: false, result: action.result };
    case 'failed':
      return { ...state, running: false, error: action.message };
    case 'loaded':
      return { ...state, loaded: action.loaded, error: null };
    case 'loadFailed':
      return { ...state, loaded: null, error: action.message };
  }
}

/** Seconds left, from the pace of the steps done so far (null until there is a pace). */
export function secondsLeft(p: CompressProgressState): number | null {
  if (p.done <= 0 || p.total <= 0 || p.elapsedSec <= 0) return null;
  return Math.max(0, (p.elapsedSec / p.done) * (p.total - p.done));
}
