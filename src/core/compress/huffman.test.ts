import { describe, expect, it } from 'vitest';
import { BitReader, BitWriter } from './bits';
import { canonicalCodes, codedBits, huffmanDecode, huffmanEncode, huffmanLengths, symbolCounts } from './huffman';

/** Seeded LCG so the "random" data is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Reference: the textbook Huffman total cost, the sum of every merge's weight (sorted-array queue). */
function referenceTotal(counts: ArrayLike<number>): number {
  const queue = Array.from(counts).filter((c) => c > 0);
  if (queue.length === 1) return queue[0];
  let total = 0;
  while (queue.length > 1) {
    queue.sort((a, b) => a - b);
    const [a, b] = queue.splice(0, 2);
    total += a + b;
    queue.push(a + b);
  }
  return total;
}

function entropyBits(counts: ArrayLike<number>): number {
  const n = Array.from(counts).reduce((a, b) => a + b, 0);
  let h = 0;
  for (const c of Array.from(counts)) if (c > 0) h -= c * Math.log2(c / n);
  return h;
}

function skewedSymbols(random: () => number, n: number, alphabet: number): Uint16Array {
  // Roughly Laplacian over the alphabet, like codebook indices of a weight layer.
  return Uint16Array.from({ length: n }, () => Math.min(alphabet - 1, Math.floor(-Math.log(1 - random()) * alphabet * random() * 0.3)));
}

describe('Huffman coding', () => {
  it('gives prefix-free codes', () => {
    const random = rng(7);
    const counts = Uint32Array.from({ length: 40 }, () => Math.floor(random() * 1000 * random()));
    const lengths = huffmanLengths(counts);
    const codes = canonicalCodes(lengths);
    const words = Array.from(lengths).flatMap((l, s) => (l > 0 ? [codes[s].toString(2).padStart(l, '0')] : []));
    for (const a of words) for (const b of words) if (a !== b) expect(b.startsWith(a)).toBe(false);
    expect(new Set(words).size).toBe(words.length);
  });

  it('is optimal: equals the reference total and is within one bit per symbol of the entropy', () => {
    const random = rng(11);
    for (let trial = 0; trial < 20; trial++) {
      const alphabet = 2 + Math.floor(random() * 255);
      const n = 1 + Math.floor(random() * 5000);
      const symbols = skewedSymbols(random, n, alphabet);
      const counts = symbolCounts(symbols, alphabet);
      const bits = codedBits(counts, huffmanLengths(counts));
      expect(bits).toBe(referenceTotal(counts));
      const h = entropyBits(counts);
      expect(bits).toBeGreaterThanOrEqual(h - 1e-6);
      expect(bits).toBeLessThan(h + n);
    }
  });

  it('round-trips symbols exactly, including a one-symbol alphabet', () => {
    const random = rng(3);
    for (const alphabet of [1, 2, 32, 256]) {
      const symbols = skewedSymbols(random, 3000, alphabet);
      const lengths = huffmanLengths(symbolCounts(symbols, alphabet));
      const w = new BitWriter();
      huffmanEncode(symbols, lengths, w);
      const decoded = huffmanDecode(lengths, symbols.length, new BitReader(w.finish()));
      expect(Array.from(decoded)).toEqual(Array.from(symbols));
    }
  });

  it('refuses a truncated stream', () => {
    const symbols = Uint16Array.from({ length: 100 }, (_, i) => i % 5);
    const lengths = huffmanLengths(symbolCounts(symbols, 5));
    const w = new BitWriter();
    huffmanEncode(symbols, lengths, w);
    const bytes = w.finish().slice(0, 10);
    expect(() => huffmanDecode(lengths, symbols.length, new BitReader(bytes))).toThrow(/ends early/);
  });
});
