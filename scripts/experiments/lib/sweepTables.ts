// Markdown tables of the science jobs' results over seeds: a sweep (criteria × rates,
// accuracy one-shot) and a per-layer sensitivity analysis, each cell mean ± sd with every
// seed's value, from the plain result records of src/core/lab.
// Why this file exists: measure-science.ts (LeNet-5) and measure-imdb.ts (the IMDB model)
// print the same sweeps; the tables are defined once here.

import type { SensitivityResult } from '../../../src/core/lab/sensitivity';
import type { SweepResult } from '../../../src/core/lab/sweep';
import { meanOf, PCT, seedCell, type CellFormat } from './seedStats';

export const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
export const rule = (n: number) => row(Array.from({ length: n }, (_, i) => (i === 0 ? '---' : '---:')));
export const ratePct = (r: number) => `${(r * 100).toFixed(0)} %`;

/** The distinct values of `f` over every point of every result, in first-seen order. */
function distinct<P, T>(results: readonly ({ readonly points: readonly P[] } | undefined)[], f: (p: P) => T): T[] {
  return [...new Set(results.flatMap((r) => (r ? r.points.map(f) : [])))];
}

/** Accuracy (or `value`) at each rate for each criterion, one cell per (rate, criterion) over the seeds. */
export function sweepTable(title: string, results: readonly (SweepResult | undefined)[], note = 'no fine-tuning'): string {
  const first = results.find((r) => r !== undefined);
  if (!first) return `**${title}**: not measured.`;
  const criteria = distinct(results, (p) => p.criterion);
  const rates = distinct(results, (p) => p.rate);
  const at = (c: string, x: number) => results.map((r) => r?.points.find((q) => q.criterion === c && q.rate === x)?.accuracy);
  const lines = [
    `**${title}** (${first.scope} scope, ${first.structure}, ${first.examples} test examples, ${note})`,
    '',
    row(['rate', ...criteria]),
    rule(criteria.length + 1),
    ...rates.map((x) => row([ratePct(x), ...criteria.map((c) => seedCell(at(c, x)))])),
  ];
  const scoring = criteria.map((c) => `${c} ${meanOf(results.map((r) => r?.scoreSeconds[c])).toFixed(1)} s`).join(', ');
  lines.push('', `Scoring time (mean over seeds): ${scoring}. Whole sweep ${meanOf(results.map((r) => r?.seconds)).toFixed(0)} s.`);
  if (results.some((r) => r?.stopped)) lines.push('', 'Some seeds were stopped early: their missing points show as –.');
  return lines.join('\n');
}

/** Zeros achieved at each rate (mean over seeds and criteria), for sweeps whose rate is not the sparsity (channels, rows). */
export function sweepSparsityLine(results: readonly (SweepResult | undefined)[], format: CellFormat = PCT): string {
  const rates = distinct(results, (p) => p.rate).filter((x) => x > 0);
  const cells = rates.map((x) => {
    const values = results.flatMap((r) => r?.points.filter((p) => p.rate === x).map((p) => p.sparsity) ?? []);
    return `${ratePct(x)} → ${(meanOf(values) * format.scale).toFixed(format.digits)}${format.unit}`;
  });
  return `Zeros of the selected layers reached (mean over seeds and criteria): ${cells.join(', ')}.`;
}

export function sensitivityTable(results: readonly (SensitivityResult | undefined)[]): string {
  const first = results.find((r) => r !== undefined);
  if (!first) return '**Per-layer sensitivity**: not measured.';
  const layers = distinct(results, (p) => p.layer);
  const rates = distinct(results, (p) => p.rate);
  const at = (l: string, x: number) => results.map((r) => r?.points.find((p) => p.layer === l && p.rate === x)?.accuracy);
  return [
    `**Per-layer sensitivity** (${first.criterion}, ${first.structure}; one layer pruned, the others dense; dense ${seedCell(results.map((r) => r?.anchorAccuracy))})`,
    '',
    row(['layer', ...rates.map(ratePct)]),
    rule(rates.length + 1),
    ...layers.map((l) => row([l, ...rates.map((x) => seedCell(at(l, x)))])),
  ].join('\n');
}
