// What scripts/experiments/measure-science.ts records per seed and the markdown report it
// renders over the seeds: the outline (settings, provenance, checks computed from the
// measured means) around the sweep, sensitivity, compaction and schedule tables.
// Why this file exists: how results are printed is separate from how they are measured.

import type { AgpResult } from '../../../src/core/lab/agp';
import type { IterativeResult } from '../../../src/core/lab/iterative';
import type { LotteryResult } from '../../../src/core/lab/lottery';
import type { SensitivityResult } from '../../../src/core/lab/sensitivity';
import type { SweepResult } from '../../../src/core/lab/sweep';
import type { CompactExperiment } from './compactExperiment';
import type { RunInfo } from './runInfo';
import { agpTable, compactTable, iterativeTable, lotteryTable, type DenseControl } from './scienceTables';
import { meanOf, pct, provenance, SECONDS, seedCell, seedsNote } from './seedStats';
import { sensitivityTable, sweepSparsityLine, sweepTable } from './sweepTables';

/** Everything measure-science.ts writes to docs/results/science-seed<N>.json. */
export interface ScienceJson extends RunInfo {
  readonly settings: { readonly seed: number; readonly epochs: number; readonly train: number; readonly test: number } & Readonly<Record<string, unknown>>;
  readonly dense: { readonly accuracy: number; readonly trainSeconds: number; readonly cached: boolean };
  readonly reference: { readonly label: string; readonly sparsity: number; readonly accuracy: number };
  readonly sweep_global?: SweepResult;
  readonly sweep_layer?: SweepResult;
  readonly sensitivity?: SensitivityResult;
  readonly sweep_channels?: SweepResult;
  readonly sweep_per_example?: SweepResult;
  readonly compact?: CompactExperiment;
  readonly iterative?: IterativeResult;
  readonly dense_control?: DenseControl;
  readonly agp?: AgpResult;
  readonly lottery?: LotteryResult;
  /** Seconds of this run, and every run whose parts the file holds (a run may redo some parts). */
  readonly totalSeconds: number;
  readonly runs?: readonly { readonly date: string; readonly commit?: string; readonly parts: readonly string[]; readonly seconds: number }[];
}

const ppText = (x: number) => `${(x * 100).toFixed(2)} pp`;

/** Checks computed from the means over the seeds (nothing here is hard-coded). */
export function checks(runs: readonly ScienceJson[]): string[] {
  const out: string[] = [];
  const mean = (f: (j: ScienceJson) => number | undefined) => meanOf(runs.map(f));
  const at = (f: (j: ScienceJson) => SweepResult | undefined, c: string, rate: number) =>
    mean((j) => f(j)?.points.find((p) => p.criterion === c && p.rate === rate)?.accuracy);
  const mag90 = at((j) => j.sweep_global, 'magnitude', 0.9);
  const rnd90 = at((j) => j.sweep_global, 'random', 0.9);
  if (Number.isFinite(mag90) && Number.isFinite(rnd90)) {
    const verdict = rnd90 < mag90 - 0.05 ? 'clearly worse, as it must be' : 'NOT clearly worse: something is wrong';
    out.push(`Random vs magnitude at 90 % (global, one-shot): ${pct(rnd90)} vs ${pct(mag90)}: random is ${verdict}.`);
  }
  const criteria = [...new Set(runs.flatMap((j) => j.sweep_global?.points.map((p) => p.criterion) ?? []))];
  for (const rate of [0.9, 0.95]) {
    const best = criteria.map((c) => ({ c, a: at((j) => j.sweep_global, c, rate) })).filter((x) => Number.isFinite(x.a)).sort((x, y) => y.a - x.a)[0];
    if (best) out.push(`Best one-shot criterion at ${rate * 100} % (global, mean over seeds): ${best.c} (${pct(best.a)}).`);
  }
  const layers = [...new Set(runs.flatMap((j) => j.sensitivity?.points.map((p) => p.layer) ?? []))];
  for (const rate of layers.length ? [0.9, 0.99] : []) {
    const acc = (l: string) => mean((j) => j.sensitivity?.points.find((p) => p.layer === l && p.rate === rate)?.accuracy);
    out.push(`Sensitivity, one layer pruned alone to ${rate * 100} %: ${layers.map((l) => `${l} ${pct(acc(l))}`).join(', ')}.`);
  }
  const compact = runs.map((j) => j.compact).filter((c): c is CompactExperiment => c !== undefined);
  if (compact.length) {
    const c = compact[0];
    const maxDiff = Math.max(...compact.map((x) => x.maxDiff));
    out.push(
      `Compact model: ${c.compact.params.toLocaleString('en-US')} of ${c.dense.params.toLocaleString('en-US')} parameters ` +
        `(${(c.dense.params / c.compact.params).toFixed(2)}× fewer), ${meanOf(compact.map((x) => x.compactSpeed.imagesPerSec / x.denseSpeed.imagesPerSec)).toFixed(2)}× the inference speed; ` +
        `outputs within ${maxDiff.toExponential(1)} of the masked model (${maxDiff <= 1e-5 ? 'within' : 'NOT within'} 1e-5).`,
    );
  }
  const dense = mean((j) => j.dense.accuracy);
  const iterative = mean((j) => j.iterative?.finalAccuracy);
  if (Number.isFinite(iterative)) {
    const ok = iterative >= dense - 0.002;
    out.push(
      `Iterative magnitude pruning to ${pct(mean((j) => j.iterative?.finalSparsity))}: ${pct(iterative)} vs dense ${pct(dense)} ` +
        `(${ppText(iterative - dense)}; goal within 0.2 pp: ${ok ? 'met' : 'missed'}).`,
    );
    const control = mean((j) => j.dense_control?.accuracy);
    if (Number.isFinite(control)) out.push(`…and vs the dense model trained as many epochs more (${pct(control)}): ${ppText(iterative - control)}.`);
  }
  const agp = mean((j) => j.agp?.finalAccuracy);
  if (Number.isFinite(agp)) out.push(`AGP to ${pct(mean((j) => j.agp?.finalSparsity))}: ${pct(agp)} vs dense ${pct(dense)} (${ppText(agp - dense)}).`);
  const ticket = mean((j) => j.lottery?.ticket?.accuracy);
  const reinit = mean((j) => j.lottery?.control?.accuracy);
  if (Number.isFinite(ticket) && Number.isFinite(reinit)) {
    out.push(`Lottery ticket at ${pct(mean((j) => j.lottery?.sparsity))}: rewound ${pct(ticket)} vs random re-init ${pct(reinit)} (${ppText(ticket - reinit)}).`);
  }
  return out;
}

function runsText(runs: readonly ScienceJson[]): string {
  return runs
    .map((j) => {
      const list = j.runs ?? [{ date: j.date, parts: [], seconds: j.totalSeconds }];
      return `seed ${j.settings.seed}: ${list.map((r) => `${(r.seconds / 60).toFixed(1)} min${r.parts.length ? ` (${r.parts.join(', ')})` : ''}`).join('; ')}`;
    })
    .join('; ');
}

export function scienceMarkdown(runs: readonly ScienceJson[]): string {
  const s = runs[0].settings;
  const seeds = runs.map((j) => j.settings.seed);
  const all = <T>(f: (j: ScienceJson) => T) => runs.map(f);
  const dense = all((j) => j.dense.accuracy);
  const parts = [
    `# Pruning science on LeNet-5 / MNIST`,
    `Generated by \`npx tsx scripts/experiments/measure-science.ts --seeds ${seeds.join(',')}\`. ${provenance(runs.map((j) => ({ seed: j.settings.seed, info: j })))} ` +
      `LeNet-5 trained ${s.epochs} epochs on ${s.train} images (the app's defaults: SGD lr 0.01, momentum 0.5, batch 64); accuracies on ${s.test} test images. ` +
      `Dense: **${seedCell(dense)}** (trained in ${seedCell(all((j) => j.dense.trainSeconds), SECONDS)}). Reference: ${runs[0].reference.label}. Runs: ${runsText(runs)}.`,
    seedsNote(seeds),
    'Gradient criteria use 8 seeded training batches of 64 (seeded by the run\'s seed): taylor = mean over batches of |w·g|, fisher = ½·mean(g²)·w² ' +
      '(batch-gradient empirical Fisher). Random = seeded uniform scores. Sparsity is over the weights of all four layers (biases are not pruned).',
    ['**Checks** (on the means over the seeds)', '', ...checks(runs).map((c) => `- ${c}`)].join('\n'),
    sweepTable('Accuracy against sparsity, global (Han’s setting)', all((j) => j.sweep_global)),
    sweepTable('Accuracy against sparsity, per layer', all((j) => j.sweep_layer)),
    sweepTable('Taylor and Fisher from per-example gradients (512 training examples, one at a time), global', all((j) => j.sweep_per_example)),
    sensitivityTable(all((j) => j.sensitivity)),
    [
      sweepTable('Whole channels (conv filters, fc1 neurons; fc2 keeps its 10 outputs)', all((j) => j.sweep_channels)),
      sweepSparsityLine(all((j) => j.sweep_channels)),
    ].join('\n\n'),
    compactTable(all((j) => j.compact)),
    iterativeTable(all((j) => j.iterative), dense, all((j) => j.dense_control)),
    agpTable(all((j) => j.agp), dense, all((j) => j.dense_control)),
    lotteryTable(all((j) => j.lottery)),
  ];
  return `${parts.join('\n\n')}\n`;
}
