import { describe, expect, it } from 'vitest';
import { agpForRun, agpSparsity, agpUpdateSteps, iterativeRates } from './schedules';

describe('iterativeRates', () => {
  it('prunes p of what remains each round and ends exactly at the target', () => {
    expect(iterativeRates(0.92, 0.5)).toEqual([0.5, 0.75, 0.875, 0.92]);
    const r = iterativeRates(0.9, 0.2);
    expect(r.at(-1)).toBe(0.9);
    r.slice(0, -1).forEach((s, k) => expect(s).toBeCloseTo(1 - 0.8 ** (k + 1), 12));
    expect(iterativeRates(0.5, 0.5)).toEqual([0.5]);
    expect(() => iterativeRates(1, 0.5)).toThrow(RangeError);
    expect(() => iterativeRates(0.9, 0)).toThrow(RangeError);
  });
});

describe('AGP (Zhu & Gupta 2017)', () => {
  const s = { initial: 0.1, final: 0.9, startStep: 100, frequency: 10, updates: 8 };
  it('follows s_t = s_f + (s_i − s_f)(1 − (t − t0)/(nΔt))³', () => {
    for (const t of [100, 117, 140, 163, 180]) {
      const expected = 0.9 + (0.1 - 0.9) * (1 - (t - 100) / 80) ** 3;
      expect(agpSparsity(t, s)).toBeCloseTo(expected, 12);
    }
    expect(agpSparsity(140, s)).toBeCloseTo(0.9 - 0.8 / 8, 12); // half-way: (1/2)³
  });

  it('holds s_i before t0 and s_f after t0 + nΔt, and rises monotonically', () => {
    expect(agpSparsity(0, s)).toBe(0.1);
    expect(agpSparsity(100, s)).toBeCloseTo(0.1, 12);
    expect(agpSparsity(180, s)).toBe(0.9);
    expect(agpSparsity(10_000, s)).toBe(0.9);
    const steps = agpUpdateSteps(s);
    expect(steps).toEqual([100, 110, 120, 130, 140, 150, 160, 170, 180]);
    const values = steps.map((t) => agpSparsity(t, s));
    values.slice(1).forEach((v, i) => expect(v).toBeGreaterThan(values[i]));
    // fast early, slow late
    expect(values[1] - values[0]).toBeGreaterThan(values[8] - values[7]);
  });

  it('fits a schedule to a training run', () => {
    const run = agpForRun(0.9, 1000, 50);
    expect(run).toEqual({ initial: 0, final: 0.9, startStep: 0, frequency: 50, updates: 15 });
    expect(agpSparsity(750, run)).toBe(0.9);
    expect(() => agpForRun(1, 100, 10)).toThrow(RangeError);
  });
});
