// Tests for the model-size report: hand-computed byte counts on tiny tensors, and gzip
// rewarding sparsity.

import { describe, expect, it } from 'vitest';
import { csrShape, gzipBytes, nmIndexBits, nmSizeReport, sizeReport, type TensorForSize } from './size';

function t(name: string, shape: number[], values: number[] | Float32Array, prunable: boolean): TensorForSize {
  return { name, shape, values: values instanceof Float32Array ? values : new Float32Array(values), prunable };
}

describe('csrShape', () => {
  it('uses rows = last dim, cols = product of the others', () => {
    expect(csrShape([5, 5, 6, 16])).toEqual({ rows: 16, cols: 150 });
    expect(csrShape([400, 120])).toEqual({ rows: 120, cols: 400 });
    expect(csrShape([7])).toEqual({ rows: 7, cols: 1 });
    expect(csrShape([])).toEqual({ rows: 1, cols: 1 });
  });
});

describe('sizeReport', () => {
  it('matches hand-computed bytes for a tiny conv kernel + bias', () => {
    // kernel [2,2,1,3]: 12 values, 4 non-zero; CSR rows 3, cols 4 (u16 indices).
    const kernel = t('conv/kernel', [2, 2, 1, 3], [0, 1, 0, 0, 2, 0, 0, 0, -3, 0, 4, 0], true);
    const bias = t('conv/bias', [3], [0, 1, 2], false);
    expect(sizeReport([kernel, bias])).toEqual({
      params: 15,
      nonZero: 6,
      prunable: 12,
      prunableNonZero: 4,
      denseBytes: 60,
      csrBytes: 4 * (4 + 2) + (3 + 1) * 4 + 3 * 4, // 24 values+cols, 16 row ptrs, 12 dense bias = 52
      bitmaskBytes: 2 + 4 * 4 + 3 * 4, // ceil(12/8) = 2, 16 values, 12 dense bias = 30
    });
  });

  it('switches to u32 column indices above 65,536 columns', () => {
    const at65536 = new Float32Array(65_536 * 2);
    at65536[5] = 1;
    at65536[70] = -2;
    const wide = new Float32Array(65_537 * 2);
    wide[3] = 1;
    wide[131_073] = 0.5;
    const a = sizeReport([t('d/kernel', [65_536, 2], at65536, true)]);
    const b = sizeReport([t('d/kernel', [65_537, 2], wide, true)]);
    expect(a.csrBytes).toBe(2 * (4 + 2) + 3 * 4); // 24
    expect(b.csrBytes).toBe(2 * (4 + 4) + 3 * 4); // 28
    expect(b.bitmaskBytes).toBe(Math.ceil(131_074 / 8) + 2 * 4); // 16,385 + 8
    expect(b.prunableNonZero).toBe(2);
  });

  it('counts -0 as zero and NaN as non-zero; keeps non-prunable tensors dense', () => {
    const r = sizeReport([t('a', [4], [-0, Number.NaN, 0, 1], true), t('b', [2, 2], [0, 0, 0, 0], false)]);
    expect(r.nonZero).toBe(2);
    expect(r.prunableNonZero).toBe(2);
    expect(r.csrBytes).toBe(2 * 6 + 5 * 4 + 16); // [4] → rows 4, cols 1
    expect(r.bitmaskBytes).toBe(1 + 8 + 16);
    expect(r.denseBytes).toBe(32);
  });

  it('handles an empty model and a 0-D tensor; rejects a shape that does not match', () => {
    expect(sizeReport([])).toEqual({ params: 0, nonZero: 0, prunable: 0, prunableNonZero: 0, denseBytes: 0, csrBytes: 0, bitmaskBytes: 0 });
    expect(sizeReport([t('s', [], [2], true)]).csrBytes).toBe(6 + 8);
    expect(() => sizeReport([t('x', [2, 3], [1, 2, 3], true)])).toThrow(RangeError);
  });
});

describe('gzipBytes', () => {
  it('is much smaller for a mostly-zero tensor than for a dense random one', async () => {
    let s = 12345;
    const rand = (): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s / 2 ** 32 - 0.5;
    };
    const n = 100_000;
    const dense = Float32Array.from({ length: n }, rand);
    const sparse = dense.map((v, i) => (i % 100 === 0 ? v : 0));
    const before = dense.slice();
    const gDense = await gzipBytes([t('d', [n], dense, true)]);
    const gSparse = await gzipBytes([t('s', [n], sparse, true), t('b', [0], [], false)]);
    expect(gDense).toBeGreaterThan(n * 4 * 0.7); // random mantissas barely compress
    expect(gSparse).toBeLessThan(gDense / 10);
    expect(dense).toEqual(before); // input untouched
  });

  it('returns the gzip framing size for no data', async () => {
    const g = await gzipBytes([]);
    expect(g).toBeGreaterThan(0);
    expect(g).toBeLessThan(64);
  });
});

describe('nmSizeReport', () => {
  it('stores a 2:4 kernel as N values + 2-bit indices per group, the rest dense', () => {
    // [8, 2]: 2 groups per output × 2 outputs = 4 groups → 8 slots: 32 B values + 16 bits = 2 B of indices.
    const kernel = t('d/kernel', [8, 2], [1, 0, 0, 2, 3, 4, 0, 0, 0, 0, 5, 0, 6, 7, 0, 8], true);
    const bias = t('d/bias', [2], [1, 1], false);
    expect(nmSizeReport([kernel, bias], '2:4')).toEqual({ pattern: '2:4', bytes: 32 + 2 + 8, valueBytes: 32, indexBytes: 2, tensors: ['d/kernel'] });
    // a group with 3 non-zeros breaks 2:4: the kernel stays dense
    const broken = t('d/kernel', [8, 2], [1, 1, 2, 2, 3, 0, 0, 0, 0, 0, 5, 0, 6, 7, 0, 8], true);
    expect(nmSizeReport([broken, bias], '2:4')).toMatchObject({ bytes: 64 + 8, tensors: [] });
  });

  it('uses 3-bit indices for M = 8 and ceil(N·s/M) slots for a partial group', () => {
    // [5, 5, 1, 2] conv: fan-in 25 = 3 groups of 8 (4 slots each) + 1 (1 slot) → 13 slots per output.
    const values = new Float32Array(50);
    const k = t('c/kernel', [5, 5, 1, 2], values, true);
    const r = nmSizeReport([k], '4:8');
    expect(r.valueBytes).toBe(26 * 4);
    expect(r.indexBytes).toBe(Math.ceil((26 * 3) / 8));
    expect(nmIndexBits(4)).toBe(2);
    expect(nmIndexBits(8)).toBe(3);
  });
});
