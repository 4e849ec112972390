import { describe, expect, it } from 'vitest';
import { stepWords, TOUR_STEPS } from './tourSteps';

describe('tour steps', () => {
  it('tell the story in the tutorial’s order: train, histogram, 50 %, 90 %, 99 %, fine-tune, sizes', () => {
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

  it('step 1 fits what is on screen: press Train, the shipped model’s story, or a run trained here', () => {
    const first = TOUR_STEPS[0];
    const fresh = stepWords(first, false, false);
    expect(fresh.text).toContain('watch the loss fall');
    expect(fresh.reads).toEqual(['[data-testid="train-button"]']);
    const shipped = stepWords(first, true, true);
    expect(shipped.text).toContain('came trained');
    expect(shipped.text).not.toContain('watch the loss fall');
    expect(shipped.reads).toEqual(['[data-testid="shipped-story"]', '[data-testid="dense-accuracy"]']);
    expect(stepWords(first, true, false).text).not.toContain('watch the loss fall');
  });

  it('every step names the readouts it asks you to read', () => {
    for (const s of TOUR_STEPS) expect(s.reads.length).toBeGreaterThan(0);
    // The 50 % step asks for a comparison with the dense accuracy: both are read.
    expect(TOUR_STEPS[2].reads).toEqual(expect.arrayContaining(['[data-testid="test-accuracy"]', '[data-testid="dense-reference"]']));
  });
});
