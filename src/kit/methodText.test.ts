// The criteria's on-screen words say what the code computes: Fisher's h is the mean of squared
// mini-batch gradients (as many batches, of the size, that the scoring uses), not the
// per-example empirical Fisher.

import { describe, expect, it } from 'vitest';
import { CRITERION_UNITS } from '../core/criteria';
import { criterionColour, criterionWords, CRITERION_TEXT } from './methodText';
import { DEFAULT_GRADIENT_BATCHES, DEFAULT_GRADIENT_BATCH_SIZE } from '../core/criteria/criterion';

describe('CRITERION_TEXT', () => {
  it('names Fisher’s h as squared mini-batch gradients, with the batches the scoring uses', () => {
    const { help } = CRITERION_TEXT.fisher;
    expect(help).toMatch(/squared mini-batch gradients/);
    expect(help).toContain(`${DEFAULT_GRADIENT_BATCHES} training batches of ${DEFAULT_GRADIENT_BATCH_SIZE}`);
    expect(help).not.toMatch(/with the empirical Fisher as/);
    expect(CRITERION_TEXT.taylor.help).toContain(`${DEFAULT_GRADIENT_BATCHES} training batches`);
  });

  it('takes every criterion’s words and colour from its unit', () => {
    for (const u of CRITERION_UNITS) {
      expect(CRITERION_TEXT[u.id]).toEqual({ label: u.label, formula: u.formula, help: u.help });
      expect(criterionColour(u.id)).toBe(`var(--tone-${u.tone})`);
    }
    expect(criterionWords('magnitude')).toBe('magnitude |w|');
  });
});
