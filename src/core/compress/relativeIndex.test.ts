import { describe, expect, it } from 'vitest';
import { decodeGaps, encodeGaps, keptEntries } from './relativeIndex';

function maskOf(size: number, positions: number[]): Uint8Array {
  const m = new Uint8Array(size);
  for (const p of positions) m[p] = 1;
  return m;
}

describe('relative index', () => {
  it('stores gaps, with a filler when a gap does not fit', () => {
    // width 3: filler = 7 means "skip 7 zeros". Positions 1, 4, 15:
    // 1 → gap 1; 4 → gap 2; 15 → gap 10 = filler (7) + gap 3.
    const entries = encodeGaps(maskOf(20, [1, 4, 15]), 3);
    expect(Array.from(entries)).toEqual([1, 2, 7, 3]);
    expect(keptEntries(entries, 3)).toBe(3);
    expect(Array.from(decodeGaps(entries, 3, 20))).toEqual(Array.from(maskOf(20, [1, 4, 15])));
  });

  it('handles a gap of exactly the filler value and several fillers in a row', () => {
    for (const width of [1, 2, 3, 5]) {
      const filler = 2 ** width - 1;
      const positions = [filler, filler + 1 + filler, 5 * (filler + 1) + 3 * filler + 2, 9 * filler + 9];
      const size = positions[3] + 17;
      const mask = maskOf(size, positions);
      const entries = encodeGaps(mask, width);
      expect(entries.every((e) => e <= filler)).toBe(true);
      expect(Array.from(decodeGaps(entries, width, size))).toEqual(Array.from(mask));
    }
  });

  it('round-trips random sparse masks exactly, at every width', () => {
    let s = 12345;
    const random = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (const keep of [0.01, 0.08, 0.5, 1]) {
      const mask = Uint8Array.from({ length: 5000 }, () => (random() < keep ? 1 : 0));
      for (let width = 1; width <= 8; width++) {
        const entries = encodeGaps(mask, width);
        expect(Array.from(decodeGaps(entries, width, mask.length))).toEqual(Array.from(mask));
      }
    }
  });

  it('refuses a position outside the layer', () => {
    expect(() => decodeGaps([3, 3], 3, 5)).toThrow(/outside/);
  });
});
