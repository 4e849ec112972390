// The schedule and compaction tables of the science report over seeds: iterative pruning
// with its dense control, AGP, the lottery ticket and channel compaction, each cell mean ±
// sd with every seed's value, from the plain result records of src/core/lab.
// Why this file exists: the per-experiment tables are separate from the report's outline
// and its checks (scienceReport.ts), and from the sweep tables (sweepTables.ts).

import type { AgpResult } from '../../../src/core/lab/agp';
import type { IterativeResult } from '../../../src/core/lab/iterative';
import type { LotteryResult, RetrainRun } from '../../../src/core/lab/lottery';
import type { CompactExperiment } from './compactExperiment';
import { COUNT, PCT, pctDigits, SECONDS, seedCell, type CellFormat } from './seedStats';
import { ratePct, row, rule } from './sweepTables';

/** The dense model trained for as many extra epochs as the iterative run fine-tuned. */
export interface DenseControl {
  readonly extraEpochs: number;
  /** Test accuracy after each extra epoch. */
  readonly accuracies: readonly number[];
  readonly accuracy: number;
}

type Maybe<T> = T | undefined;
const PP: CellFormat = { scale: 100, digits: 2, unit: ' pp' };
const diff = (a: Maybe<number>, b: Maybe<number>) => (a === undefined || b === undefined ? undefined : a - b);

export function iterativeTable(results: readonly Maybe<IterativeResult>[], dense: readonly number[], controls: readonly Maybe<DenseControl>[]): string {
  const rounds = Math.max(0, ...results.map((r) => r?.rounds.length ?? 0));
  const at = <T>(k: number, f: (x: IterativeResult['rounds'][number]) => T) => results.map((r) => (r?.rounds[k] ? f(r.rounds[k]) : undefined));
  const final = results.map((r) => r?.finalAccuracy);
  const lines = [
    '**Iterative magnitude pruning** (global; each round prunes half of what remains, then fine-tunes with the masks held)',
    '',
    row(['round', 'zeros', 'after pruning', 'after fine-tuning', 'fine-tune time']),
    rule(5),
    ...Array.from({ length: rounds }, (_, k) =>
      row([k + 1, seedCell(at(k, (x) => x.sparsity)), seedCell(at(k, (x) => x.prunedAccuracy)), seedCell(at(k, (x) => x.finetunedAccuracy)), seedCell(at(k, (x) => x.finetuneSeconds), SECONDS)]),
    ),
    '',
    `Final: ${seedCell(final)} at ${seedCell(results.map((r) => r?.finalSparsity))} zeros; dense ${seedCell(dense)}; ` +
      `difference ${seedCell(final.map((a, i) => diff(a, dense[i])), PP)}.`,
  ];
  if (controls.some((c) => c)) {
    const extra = controls.find((c) => c)?.extraEpochs ?? 0;
    lines.push(
      '',
      `Control: the dense model trained for the same ${extra} extra epochs (same data orders) reaches ${seedCell(controls.map((c) => c?.accuracy))}; ` +
        `the pruned model is ${seedCell(final.map((a, i) => diff(a, controls[i]?.accuracy)), PP)} from it.`,
    );
  }
  return lines.join('\n');
}

export function agpTable(results: readonly Maybe<AgpResult>[], dense: readonly number[], controls: readonly Maybe<DenseControl>[]): string {
  const first = results.find((r) => r);
  if (!first) return '**Gradual pruning (AGP)**: not measured.';
  const epochs = first.epochAccuracies.length;
  const final = results.map((r) => r?.finalAccuracy);
  const control = controls.map((c) => (c && c.accuracies.length >= epochs ? c.accuracies[epochs - 1] : undefined));
  return [
    `**Gradual pruning (AGP, Zhu & Gupta)** from the trained model to ${ratePct(first.schedule.final)} zeros (global magnitude, the app's schedule: ` +
      `${first.updates.length} mask updates every ${first.schedule.frequency} steps over the first 75 % of ${epochs} epochs of training)`,
    '',
    row(['', 'test accuracy']),
    rule(2),
    row(['dense (start)', seedCell(results.map((r) => r?.anchorAccuracy))]),
    ...first.epochAccuracies.map((_, k) => row([`after epoch ${k + 1}`, seedCell(results.map((r) => r?.epochAccuracies[k]))])),
    row([`dense trained ${epochs} more epochs (dense control)`, seedCell(control)]),
    '',
    `Final: ${seedCell(final)} at ${seedCell(results.map((r) => r?.finalSparsity), pctDigits(3))} zeros of the prunable weights; ` +
      `${seedCell(final.map((a, i) => diff(a, dense[i])), PP)} from the dense start, ${seedCell(final.map((a, i) => diff(a, control[i])), PP)} from the dense control. ` +
      `Run time ${seedCell(results.map((r) => r?.seconds), SECONDS)}.`,
  ].join('\n');
}

export function lotteryTable(results: readonly Maybe<LotteryResult>[]): string {
  const first = results.find((r) => r);
  if (!first) return '**Lottery ticket**: not measured.';
  const runs = (f: (r: LotteryResult) => RetrainRun | null) => results.map((r) => (r ? (f(r) ?? undefined) : undefined));
  const epochRows = (name: string, f: (r: LotteryResult) => RetrainRun | null) => {
    const list = runs(f);
    const epochs = Math.max(0, ...list.map((x) => x?.epochAccuracies.length ?? 0));
    return Array.from({ length: epochs }, (_, k) => row([`${name}, after epoch ${k + 1}`, seedCell(list.map((x) => x?.epochAccuracies[k]))]));
  };
  const ticket = runs((r) => r.ticket).map((x) => x?.accuracy);
  const control = runs((r) => r.control).map((x) => x?.accuracy);
  return [
    `**Lottery ticket** at ${ratePct(first.rate)} (global magnitude masks from the trained model; retrained with the masks held)`,
    '',
    row(['model', 'test accuracy']),
    rule(2),
    row(['dense (trained)', seedCell(results.map((r) => r?.anchorAccuracy))]),
    row([`pruned ${ratePct(first.rate)}, no retraining`, seedCell(results.map((r) => r?.prunedAccuracy))]),
    ...epochRows('ticket: survivors rewound to their initial values, retrained', (r) => r.ticket),
    ...epochRows('control: same masks, fresh random initialisation, retrained', (r) => r.control),
    '',
    `Ticket − control: ${seedCell(ticket.map((t, i) => diff(t, control[i])), PP)}.`,
  ].join('\n');
}

export function compactTable(results: readonly Maybe<CompactExperiment>[]): string {
  const first = results.find((r) => r);
  if (!first) return '**Channel pruning and compaction**: not measured.';
  const cell = (f: (c: CompactExperiment) => number, format: CellFormat = PCT) => seedCell(results.map((c) => (c ? f(c) : undefined)), format);
  const maxDiff = Math.max(...results.map((c) => Math.max(c?.maxDiff ?? 0, c?.maxDiffFinetuned ?? 0)));
  return [
    `**Channel pruning and compaction** (${first.description})`,
    '',
    row(['', 'dense LeNet-5', 'compact']),
    rule(3),
    row(['kernel shapes', first.dense.shapes, first.compact.shapes]),
    row(['parameters', cell((c) => c.dense.params, COUNT), cell((c) => c.compact.params, COUNT)]),
    row(['bytes (float32)', cell((c) => c.dense.bytes, COUNT), cell((c) => c.compact.bytes, COUNT)]),
    row([
      `inference, img/s (median of ${first.denseSpeed.repeats}, batches of ${first.denseSpeed.batchSize})`,
      cell((c) => c.denseSpeed.imagesPerSec, COUNT),
      cell((c) => c.compactSpeed.imagesPerSec, COUNT),
    ]),
    row(['test accuracy, no fine-tuning', `${cell((c) => c.maskedAccuracy)} (masked)`, cell((c) => c.compactAccuracy)]),
    row([`test accuracy after ${first.finetuneEpochs} fine-tuning epoch(s)`, `${cell((c) => c.finetunedMaskedAccuracy)} (masked)`, cell((c) => c.finetunedCompactAccuracy)]),
    '',
    `Largest |Δ logit| compact vs masked on ${first.diffExamples} test images, over every seed, before and after fine-tuning: ${maxDiff.toExponential(2)}.`,
  ].join('\n');
}
