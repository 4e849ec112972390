import { describe, expect, it } from 'vitest';
import type { RunInfo } from './runInfo';
import { COUNT, KIB, meanOf, PCT, provenance, seedCell, seedsNote } from './seedStats';

describe('seedCell', () => {
  it('prints the mean ± sample sd, then every seed in order', () => {
    // mean 0.92; deviations ±0.02, 0 → sample variance (0.0004 + 0 + 0.0004) / 2 = 0.0004 → sd 0.02
    expect(seedCell([0.9, 0.92, 0.94])).toBe('92.00 ± 2.00 % (90.00, 92.00, 94.00)');
    expect(seedCell([0.94, 0.9, 0.92])).toBe('92.00 ± 2.00 % (94.00, 90.00, 92.00)');
  });

  it('prints one seed without a spread', () => {
    expect(seedCell([0.98361])).toBe('98.36 %');
  });

  it('says so when every seed gives the same value', () => {
    expect(seedCell([0.9, 0.9, 0.9])).toBe('90.00 % (every seed)');
  });

  it('marks a seed without a figure and averages the others', () => {
    expect(seedCell([0.5, undefined, 0.7])).toBe('60.00 ± 14.14 % (50.00, –, 70.00)');
    expect(seedCell([0.5, Number.NaN])).toBe('50.00 % (50.00, –)');
    expect(seedCell([undefined, null])).toBe('–');
  });

  it('applies the format: counts and KiB', () => {
    expect(seedCell([1000, 1200], COUNT)).toBe('1100 ± 141 (1000, 1200)');
    expect(seedCell([2048, 3072], KIB)).toBe('2.5 ± 0.7 KiB (2.0, 3.0)');
    expect(seedCell([0.1234], { ...PCT, digits: 1 })).toBe('12.3 %');
  });
});

describe('meanOf, seedsNote, provenance', () => {
  it('averages the usable values only', () => {
    expect(meanOf([1, undefined, 3, Number.NaN])).toBe(2);
    expect(meanOf([])).toBeNaN();
  });

  it('explains the cells', () => {
    expect(seedsNote([1])).toContain('Seed 1 only');
    expect(seedsNote([1, 2, 3])).toContain('Seeds 1, 2, 3');
  });

  it('names the commit once when every seed ran on the same code, and per seed when not', () => {
    const info = (commit: string, date = '2026-11-25T10:00:00.000Z'): RunInfo => ({
      date,
      commit,
      dirty: false,
      node: 'v20',
      tfjs: '4.22.0',
      backend: 'wasm',
      platform: 'linux x64',
    });
    const same = provenance([
      { seed: 1, info: info('abc1234') },
      { seed: 2, info: info('abc1234', '2026-11-25T11:00:00.000Z') },
    ]);
    expect(same).toMatch(/^Measured 2026-11-25, commit abc1234, /);
    expect(same).not.toContain('seed 1');
    const mixed = provenance([
      { seed: 1, info: info('abc1234') },
      { seed: 2, info: info('def5678') },
    ]);
    expect(mixed).toContain('seed 1: 2026-11-25, commit abc1234');
    expect(mixed).toContain('seed 2: 2026-11-25, commit def5678');
  });
});
