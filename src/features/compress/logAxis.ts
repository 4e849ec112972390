// The stage chart's log axis, apart from the chart so tests run it without JSX: the whole
// powers of ten around the byte counts, so every grid line is ten times the one before.

/** Exponents of the powers of ten at the axis's ends, around the smallest and largest positive count. */
export function logDomain(bytes: readonly number[]): { lo: number; hi: number } {
  const positive = bytes.filter((b) => b > 0);
  if (positive.length === 0) return { lo: 0, hi: 1 };
  const lo = Math.floor(Math.log10(Math.min(...positive)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...positive))));
  return { lo, hi };
}
