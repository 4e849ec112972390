// The inspect panel's state, folded from the lab's actions: the confusion counts of the
// model on screen, the latest drawn digit's predictions and the latest review's scores.

import type { LabAction } from '../../protocol/actions';
import type { ConfusionCounts, DigitPrediction, ReviewScores } from '../../protocol/results';

export interface InspectSliceState {
  readonly confusion: ConfusionCounts | null;
  readonly digit: { readonly id: number; readonly prediction: DigitPrediction } | null;
  readonly review: { readonly id: number; readonly scores: ReviewScores } | null;
}

export const INITIAL_INSPECT: InspectSliceState = { confusion: null, digit: null, review: null };

export function inspectReducer(state: InspectSliceState, action: LabAction): InspectSliceState {
  switch (action.type) {
    case 'callStarted':
      return action.name === 'train' ? INITIAL_INSPECT : state;
    case 'callEnded':
      if (!action.ok) return state;
      // Replies can overtake each other: keep the newest call's answer.
      if (action.name === 'draw' && action.id > (state.digit?.id ?? 0)) return { ...state, digit: { id: action.id, prediction: action.value } };
      if (action.name === 'review' && action.id > (state.review?.id ?? 0)) return { ...state, review: { id: action.id, scores: action.value } };
      return state;
    case 'event':
      return action.event.type === 'confusion' ? { ...state, confusion: action.event.confusion } : state;
  }
}
