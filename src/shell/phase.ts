// The page's phase, the app's data-state: derived only from the calls still pending and
// what the worker says it is doing, so "ready" means settled: nothing requested (by the
// URL or the user) is still pending.

import type { AppState } from './appState';

export type AppPhase = 'loading' | 'ready' | 'training' | 'finetuning' | 'pruning' | 'evaluating' | 'error';

/**
 * `intents`: work the page has been asked for but not yet sent (e.g. autorun waiting for
 * init), which also keeps the phase from reading ready.
 */
export function appPhase(state: Pick<AppState, 'pending' | 'stage' | 'fatal'>, intents = 0): AppPhase {
  if (state.fatal) return 'error';
  const names = new Set(state.pending.map((p) => p.name));
  const evaluating = state.stage === 'evaluating';
  if (names.has('init')) return 'loading';
  if (names.has('train')) return evaluating ? 'evaluating' : 'training';
  if (names.has('finetune')) return evaluating ? 'evaluating' : 'finetuning';
  if (names.has('schedule')) return state.stage === 'training' || state.stage === 'finetuning' ? 'finetuning' : state.stage === 'scoring' ? 'pruning' : 'evaluating';
  if (state.pending.some((p) => p.name !== 'prune' || p.final)) return 'evaluating';
  if (names.has('prune')) return 'pruning';
  return intents > 0 ? 'evaluating' : 'ready';
}

/** True while a long job (training, fine-tuning, an experiment) or any model change is pending: the controls wait. */
export function isBusy(state: Pick<AppState, 'pending'>): boolean {
  return state.pending.some((p) => p.name !== 'prune' && p.name !== 'draw' && p.name !== 'review');
}
