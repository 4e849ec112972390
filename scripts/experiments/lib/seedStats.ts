// Figures over several seeds, as the docs/results reports print them: each cell is the mean
// ± sample sd followed by every seed's own value in seed order, so a reader sees both the
// spread and each run; plus the line that says which code, date and seeds a report came from.
// Why this file exists: every measurement script renders its tables this way, so the
// formatting (one seed, identical values, a seed that lacks a figure) is defined once.

import { meanSd, runLine, type RunInfo } from './runInfo';

export interface CellFormat {
  /** Multiplies each value before printing (100 for fractions shown as percent). */
  readonly scale: number;
  readonly digits: number;
  /** Printed after the mean (and sd), e.g. " %". */
  readonly unit: string;
}

export const PCT: CellFormat = { scale: 100, digits: 2, unit: ' %' };
export const SECONDS: CellFormat = { scale: 1, digits: 1, unit: ' s' };
export const COUNT: CellFormat = { scale: 1, digits: 0, unit: '' };
export const KIB: CellFormat = { scale: 1 / 1024, digits: 1, unit: ' KiB' };
export const pctDigits = (digits: number): CellFormat => ({ ...PCT, digits });

const usable = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * "98.20 ± 0.05 % (98.15, 98.25, 98.20)": mean ± sample sd over the seeds that have a value,
 * then each seed's value ("–" where a seed has none). One seed: "98.20 %". Every seed the
 * same value: "98.20 % (every seed)". No value at all: "–".
 */
export function seedCell(values: readonly (number | null | undefined)[], f: CellFormat = PCT): string {
  const present = values.filter(usable);
  if (present.length === 0) return '–';
  const num = (x: number) => (x * f.scale).toFixed(f.digits);
  if (values.length === 1) return `${num(present[0])}${f.unit}`;
  const list = values.map((v) => (usable(v) ? num(v) : '–'));
  if (present.length === values.length && list.every((s) => s === list[0])) return `${list[0]}${f.unit} (every seed)`;
  const { mean, sd } = meanSd(present);
  const spread = present.length > 1 ? ` ± ${num(sd)}` : '';
  return `${num(mean)}${spread}${f.unit} (${list.join(', ')})`;
}

/** The mean of the usable values (NaN when there is none), for checks computed from the figures. */
export function meanOf(values: readonly (number | null | undefined)[]): number {
  const present = values.filter(usable);
  return present.length ? meanSd(present).mean : Number.NaN;
}

/** What the cells mean, for a report's header. */
export function seedsNote(seeds: readonly number[]): string {
  if (seeds.length === 1) return `Seed ${seeds[0]} only: no spread; re-run with \`--seeds 1,2,3\` for mean ± sd.`;
  return `Seeds ${seeds.join(', ')}: each cell is the mean ± sample sd over the seeds, then each seed's value in that order.`;
}

/** Which code and machine each seed's figures came from (one line when every seed agrees). */
export function provenance(runs: readonly { readonly seed: number; readonly info: RunInfo }[]): string {
  const lines = runs.map((r) => runLine(r.info));
  if (lines.every((l) => l === lines[0])) return `Measured ${lines[0]}.`;
  return `Measured per seed: ${runs.map((r, i) => `seed ${r.seed}: ${lines[i]}`).join('; ')}.`;
}

/** One value as a percentage, e.g. "98.20 %". */
export const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
