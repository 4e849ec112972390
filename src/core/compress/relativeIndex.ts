// Relative indexing of the surviving weights' positions, as in Deep Compression: instead of
// absolute positions, each kept weight stores the number of zeros skipped since the one
// before it, in a fixed width of b bits. A gap of 2^b − 1 or more cannot be written, so
// "filler" entries are inserted: the entry value F = 2^b − 1 means "skip F zeros, then keep
// reading". Filler entries carry no weight; an entry g below F means "skip g zeros, then
// one kept weight". Zeros after the last kept weight are
// implied by the layer's size.

/** The entries (each < 2^width) that encode the sorted positions of a layer's kept weights. */
export function encodeGaps(mask: ArrayLike<number>, width: number): Uint16Array {
  if (!(width >= 1 && width <= 16)) throw new RangeError(`index width must be 1…16 bits, got ${width}`);
  const filler = 2 ** width - 1;
  const out: number[] = [];
  let gap = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) {
      gap++;
      continue;
    }
    while (gap >= filler) {
      out.push(filler);
      gap -= filler;
    }
    out.push(gap);
    gap = 0;
  }
  return Uint16Array.from(out);
}

/** The keep mask (1 kept) of a layer of `size` weights, from its gap entries. */
export function decodeGaps(entries: ArrayLike<number>, width: number, size: number): Uint8Array {
  const filler = 2 ** width - 1;
  const mask = new Uint8Array(size);
  let position = 0;
  for (let e = 0; e < entries.length; e++) {
    const gap = entries[e];
    if (gap > filler) throw new Error(`index entry ${gap} does not fit ${width} bits (corrupt)`);
    if (gap === filler) {
      position += filler;
      continue;
    }
    position += gap;
    if (position >= size) throw new Error(`a kept weight at position ${position} lies outside the layer's ${size} weights (corrupt)`);
    mask[position] = 1;
    position++;
  }
  return mask;
}

/** How many entries are weights (not fillers). */
export function keptEntries(entries: ArrayLike<number>, width: number): number {
  const filler = 2 ** width - 1;
  let n = 0;
  for (let e = 0; e < entries.length; e++) if (entries[e] !== filler) n++;
  return n;
}
