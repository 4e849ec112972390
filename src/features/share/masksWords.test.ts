// The import's words about masks.json: agreement only when no kept weight is zero.
import { describe, expect, it } from 'vitest';
import { masksWords } from './masksWords';

describe('masksWords', () => {
  it('says the masks agree only when they keep no zero, and otherwise how many they keep', () => {
    expect(masksWords({ masksChecked: 0, masksKeptZeros: 0, masksKept: 0 })).toBe('');
    expect(masksWords({ masksChecked: 3, masksKeptZeros: 0, masksKept: 100 })).toBe("; its masks.json agrees with the weights' zeros (3 layers checked)");
    const disagree = masksWords({ masksChecked: 4, masksKeptZeros: 38_862, masksKept: 43_180 });
    expect(disagree).not.toMatch(/agrees/);
    expect(disagree).toMatch(/disagree about what is pruned: the masks keep 38,862 of their 43,180 kept weights at zero \(4 layers checked\)/);
  });
});
