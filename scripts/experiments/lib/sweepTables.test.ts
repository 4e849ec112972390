import { describe, expect, it } from 'vitest';
import type { SweepPoint, SweepResult } from '../../../src/core/lab/sweep';
import { sweepSparsityLine, sweepTable } from './sweepTables';

function sweep(points: readonly Omit<SweepPoint, 'sparsityAll'>[], seconds: number): SweepResult {
  return {
    points: points.map((p) => ({ ...p, sparsityAll: p.sparsity })),
    anchorAccuracy: 0.98,
    anchorSparsity: 0,
    examples: 500,
    scope: 'global',
    structure: 'weights',
    reference: { label: 'ref', sparsity: 0.92, accuracy: 0.99 },
    scoreSeconds: { magnitude: seconds, random: seconds * 3 },
    seconds,
    stopped: false,
  };
}

describe('sweepTable over seeds', () => {
  const seed1 = sweep(
    [
      { criterion: 'magnitude', rate: 0.5, sparsity: 0.5, accuracy: 0.9 },
      { criterion: 'random', rate: 0.5, sparsity: 0.5, accuracy: 0.3 },
      { criterion: 'magnitude', rate: 0.9, sparsity: 0.88, accuracy: 0.8 },
    ],
    1,
  );
  const seed2 = sweep(
    [
      { criterion: 'magnitude', rate: 0.5, sparsity: 0.5, accuracy: 0.94 },
      { criterion: 'random', rate: 0.5, sparsity: 0.5, accuracy: 0.3 },
      { criterion: 'magnitude', rate: 0.9, sparsity: 0.9, accuracy: 0.7 },
      { criterion: 'random', rate: 0.9, sparsity: 0.9, accuracy: 0.1 },
    ],
    3,
  );

  it('puts one cell per rate and criterion, with each seed listed and a missing point marked', () => {
    const lines = sweepTable('Title', [seed1, seed2]).split('\n');
    expect(lines[0]).toBe('**Title** (global scope, weights, 500 test examples, no fine-tuning)');
    expect(lines[2]).toBe('| rate | magnitude | random |');
    expect(lines[4]).toBe('| 50 % | 92.00 ± 2.83 % (90.00, 94.00) | 30.00 % (every seed) |');
    expect(lines[5]).toBe('| 90 % | 75.00 ± 7.07 % (80.00, 70.00) | 10.00 % (–, 10.00) |');
    expect(lines.at(-1)).toBe('Scoring time (mean over seeds): magnitude 2.0 s, random 6.0 s. Whole sweep 2 s.');
  });

  it('says when no seed measured the sweep', () => {
    expect(sweepTable('Title', [undefined, undefined])).toBe('**Title**: not measured.');
  });

  it('reports the zeros reached per rate, averaged over seeds and criteria', () => {
    expect(sweepSparsityLine([seed1, seed2])).toBe('Zeros of the selected layers reached (mean over seeds and criteria): 50 % → 50.00 %, 90 % → 89.33 %.');
  });
});
