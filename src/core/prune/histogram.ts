// Weight histograms for the pruning panel (anchor distribution vs. surviving weights),
// as pure typed-array math so the worker computes them per slider move and posts only
// the bin counts to the UI.

export interface HistogramSpec {
  readonly min: number;
  readonly max: number;
  readonly bins: number;
}

/** Range used when every value is zero (or not finite), so bins still have a width. */
export const TINY_RANGE = 1e-6;

function checkBins(bins: number): void {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a positive integer, got ${bins}`);
}

/**
 * Symmetric range [-m, m] with m = max |v| over finite values (TINY_RANGE when all are
 * zero), so zero sits in the middle bin for an odd bin count.
 */
export function symmetricSpec(values: Float32Array, bins: number): HistogramSpec {
  checkBins(bins);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m && a !== Infinity) m = a; // NaN fails the comparison
  }
  if (m === 0) m = TINY_RANGE;
  return { min: -m, max: m, bins };
}

/**
 * Counts per bin [min + i·w, min + (i+1)·w) with w = (max - min) / bins; the last bin also
 * holds max. Values outside the range are clamped into the end bins; NaN is not counted.
 * With a mask only entries where mask[i] === 1 count.
 */
export function histogram(values: Float32Array, spec: HistogramSpec, mask?: Uint8Array): Uint32Array {
  const { min, max, bins } = spec;
  checkBins(bins);
  if (!(max > min) || !Number.isFinite(min) || !Number.isFinite(max)) {
    throw new RangeError(`histogram range must satisfy min < max (finite), got [${min}, ${max}]`);
  }
  if (mask !== undefined && mask.length !== values.length) {
    throw new RangeError(`mask length ${mask.length} ≠ values length ${values.length}`);
  }
  const counts = new Uint32Array(bins);
  const scale = bins / (max - min);
  const last = bins - 1;
  for (let i = 0; i < values.length; i++) {
    if (mask !== undefined && mask[i] !== 1) continue;
    const v = values[i];
    if (v !== v) continue; // NaN
    const b = Math.floor((v - min) * scale);
    counts[b < 0 ? 0 : b > last ? last : b]++;
  }
  return counts;
}

/** Center of every bin, for chart x-coordinates. */
export function binCenters(spec: HistogramSpec): Float32Array {
  checkBins(spec.bins);
  const w = (spec.max - spec.min) / spec.bins;
  return Float32Array.from({ length: spec.bins }, (_, i) => spec.min + (i + 0.5) * w);
}
