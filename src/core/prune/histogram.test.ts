// Tests for the weight histograms: symmetric ranges, bin edges, clamping, masks.

import { describe, expect, it } from 'vitest';
import { binCenters, histogram, symmetricSpec, TINY_RANGE } from './histogram';

describe('symmetricSpec', () => {
  it('uses max |v| on both sides', () => {
    expect(symmetricSpec(new Float32Array([0.25, -0.5, 0.125]), 5)).toEqual({ min: -0.5, max: 0.5, bins: 5 });
  });

  it('gives a tiny positive range when all values are zero (or empty), ignoring NaN and ±Infinity', () => {
    expect(symmetricSpec(new Float32Array(4), 3)).toEqual({ min: -TINY_RANGE, max: TINY_RANGE, bins: 3 });
    expect(symmetricSpec(new Float32Array(0), 3).max).toBe(TINY_RANGE);
    expect(symmetricSpec(new Float32Array([Number.NaN, -Infinity, 0.5]), 3).max).toBe(0.5);
  });

  it('rejects bad bin counts', () => {
    expect(() => symmetricSpec(new Float32Array(1), 0)).toThrow(RangeError);
    expect(() => symmetricSpec(new Float32Array(1), 2.5)).toThrow(RangeError);
  });
});

describe('histogram', () => {
  const spec = { min: -1, max: 1, bins: 4 }; // edges -1, -0.5, 0, 0.5, 1

  it('bins by half-open intervals, with max in the last bin', () => {
    const v = new Float32Array([-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.99, 1]);
    expect(Array.from(histogram(v, spec))).toEqual([2, 2, 2, 3]);
  });

  it('clamps out-of-range values into the end bins and skips NaN', () => {
    const v = new Float32Array([-5, -Infinity, 7, Infinity, Number.NaN, 0.1]);
    expect(Array.from(histogram(v, spec))).toEqual([2, 0, 1, 2]);
  });

  it('counts only entries with mask 1', () => {
    const v = new Float32Array([-0.9, -0.1, 0.1, 0.9]);
    expect(Array.from(histogram(v, spec, new Uint8Array([1, 0, 1, 0])))).toEqual([1, 0, 1, 0]);
    expect(() => histogram(v, spec, new Uint8Array(3))).toThrow(RangeError);
  });

  it('puts zero in the middle bin of a symmetric odd spec and conserves the total', () => {
    const v = Float32Array.from({ length: 1001 }, (_, i) => Math.sin(i) * (i % 7 === 0 ? 0 : 1));
    const s = symmetricSpec(v, 41);
    const h = histogram(v, s);
    expect(h.reduce((a, b) => a + b, 0)).toBe(1001);
    expect(histogram(new Float32Array(5), symmetricSpec(new Float32Array(5), 41))[20]).toBe(5);
  });

  it('rejects an empty or reversed range', () => {
    expect(() => histogram(new Float32Array(1), { min: 1, max: 1, bins: 3 })).toThrow(RangeError);
    expect(() => histogram(new Float32Array(1), { min: 0, max: Number.NaN, bins: 3 })).toThrow(RangeError);
  });
});

describe('binCenters', () => {
  it('returns the middle of every bin', () => {
    expect(Array.from(binCenters({ min: -1, max: 1, bins: 4 }))).toEqual([-0.75, -0.25, 0.25, 0.75]);
    const c = binCenters({ min: -0.3, max: 0.3, bins: 41 });
    expect(c[20]).toBeCloseTo(0, 7);
  });
});
