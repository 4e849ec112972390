// Huffman coding of small integer alphabets (codebook indices, relative-index gaps), as
// Deep Compression's last stage. Code lengths come from the classic two-queue merge over
// symbol counts; codes are canonical (assigned in order of length, then symbol), so a
// table is stored as one code length per symbol and the decoder rebuilds the same codes.

import type { BitReader, BitWriter } from './bits';

/** Longest code the file format accepts (5 bits store a length). */
export const MAX_CODE_LENGTH = 31;

/**
 * Optimal prefix-code lengths for symbols with these counts (0 for an unused symbol).
 * A single used symbol gets length 1, so every stream still spends a bit per symbol.
 */
export function huffmanLengths(counts: ArrayLike<number>): Uint8Array {
  const n = counts.length;
  const lengths = new Uint8Array(n);
  const used: number[] = [];
  for (let s = 0; s < n; s++) if (counts[s] > 0) used.push(s);
  if (used.length === 0) return lengths;
  if (used.length === 1) {
    lengths[used[0]] = 1;
    return lengths;
  }
  // Leaves sorted by count (ties by symbol, so the result is deterministic); internal
  // nodes are created in non-decreasing weight order, so two queues give the minimum.
  used.sort((a, b) => counts[a] - counts[b] || a - b);
  const weight: number[] = used.map((s) => counts[s]);
  const parent: number[] = new Array<number>(used.length).fill(-1);
  let leaf = 0;
  let inner = used.length; // next internal node to take from the second queue
  const pick = (): number => {
    if (leaf < used.length && (inner >= weight.length || weight[leaf] <= weight[inner])) return leaf++;
    return inner++;
  };
  while (weight.length < 2 * used.length - 1) {
    const a = pick();
    const b = pick();
    const node = weight.length;
    weight.push(weight[a] + weight[b]);
    parent.push(-1);
    parent[a] = node;
    parent[b] = node;
  }
  const depth = new Array<number>(weight.length).fill(0);
  for (let node = weight.length - 2; node >= 0; node--) depth[node] = depth[parent[node]] + 1;
  used.forEach((s, i) => {
    if (depth[i] > MAX_CODE_LENGTH) throw new Error(`a Huffman code of ${depth[i]} bits is longer than the format's ${MAX_CODE_LENGTH}`);
    lengths[s] = depth[i];
  });
  return lengths;
}

/** Canonical codes for the given lengths (0 = unused symbol). */
export function canonicalCodes(lengths: ArrayLike<number>): Uint32Array {
  const codes = new Uint32Array(lengths.length);
  const order = Array.from({ length: lengths.length }, (_, s) => s)
    .filter((s) => lengths[s] > 0)
    .sort((a, b) => lengths[a] - lengths[b] || a - b);
  let code = 0;
  let prev = 0;
  for (const s of order) {
    code <<= lengths[s] - prev;
    prev = lengths[s];
    codes[s] = code;
    code++;
  }
  if (order.length > 0 && code > 2 ** prev) throw new Error('Huffman code lengths over-subscribe the code space');
  return codes;
}

/** Total bits of `symbols` coded with `lengths`. */
export function codedBits(counts: ArrayLike<number>, lengths: ArrayLike<number>): number {
  let bits = 0;
  for (let s = 0; s < counts.length; s++) bits += counts[s] * lengths[s];
  return bits;
}

export function symbolCounts(symbols: ArrayLike<number>, alphabet: number): Uint32Array {
  const counts = new Uint32Array(alphabet);
  for (let i = 0; i < symbols.length; i++) counts[symbols[i]]++;
  return counts;
}

export function huffmanEncode(symbols: ArrayLike<number>, lengths: ArrayLike<number>, out: BitWriter): void {
  const codes = canonicalCodes(lengths);
  for (let i = 0; i < symbols.length; i++) {
    const s = symbols[i];
    if (!(lengths[s] > 0)) throw new Error(`symbol ${s} has no Huffman code`);
    out.write(codes[s], lengths[s]);
  }
}

/** Decodes `count` symbols; a bit sequence that is no code throws. */
export function huffmanDecode(lengths: ArrayLike<number>, count: number, input: BitReader): Uint16Array {
  const codes = canonicalCodes(lengths);
  // One map per length from code to symbol: small alphabets, so this stays simple and fast.
  const byLength = new Map<number, Map<number, number>>();
  let maxLength = 0;
  for (let s = 0; s < lengths.length; s++) {
    const l = lengths[s];
    if (l === 0) continue;
    maxLength = Math.max(maxLength, l);
    let table = byLength.get(l);
    if (!table) byLength.set(l, (table = new Map()));
    table.set(codes[s], s);
  }
  const out = new Uint16Array(count);
  for (let i = 0; i < count; i++) {
    let code = 0;
    let found = -1;
    for (let l = 1; l <= maxLength && found < 0; l++) {
      code = code * 2 + input.readBit();
      found = byLength.get(l)?.get(code) ?? -1;
    }
    if (found < 0) throw new Error('the Huffman stream holds a bit sequence that is no code (corrupt)');
    out[i] = found;
  }
  return out;
}
