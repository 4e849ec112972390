import { describe, expect, it } from 'vitest';
import { logDomain } from './logAxis';

describe('stage chart log axis', () => {
  it('spans the powers of ten around the smallest and largest stage', () => {
    // LeNet-300-100: dense 1,066,440 B down to a 25,305 B file → 10 KB … 10 MB.
    expect(logDomain([1_066_440, 104_800, 31_691, 31_691, 25_305])).toEqual({ lo: 4, hi: 7 });
    expect(logDomain([1000, 1000])).toEqual({ lo: 3, hi: 4 });
    expect(logDomain([])).toEqual({ lo: 0, hi: 1 });
  });
});
