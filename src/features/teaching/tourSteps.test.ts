import { describe, expect, it } from 'vitest';
import { TOUR_STEPS } from './tourSteps';

describe('tour steps', () => {
  it('tell the story in the issue’s order: train, histogram, 50 %, 90 %, 99 %, fine-tune, sizes', () => {
    expect(TOUR_STEPS.map((s) => s.title)).toEqual([
      'Train the network',
      'Look at the weights',
      'Prune to 50 %',
      'Prune to 90 %',
      'Prune to 99 %',
      'Fine-tune',
      'Compare the sizes',
    ]);
    expect(TOUR_STEPS.map((s) => s.method?.rate ?? null)).toEqual([null, null, 0.5, 0.9, 0.99, null, null]);
    // The 90 % and 99 % steps use global scope with the per-layer cap: what they claim holds under it.
    expect(TOUR_STEPS.map((s) => s.method?.scope ?? null)).toEqual([null, null, 'layer', 'global', 'global', null, null]);
    expect(TOUR_STEPS.map((s) => s.action ?? null)).toEqual(['train', null, null, null, null, 'finetune', null]);
  });

  it('only the first step works without a trained model, and every step says what to look at', () => {
    expect(TOUR_STEPS.map((s) => s.needsTrained)).toEqual([false, true, true, true, true, true, true]);
    for (const s of TOUR_STEPS) {
      expect(s.text.length).toBeGreaterThan(80);
      expect(s.target.selector).not.toBe('');
    }
  });
});
