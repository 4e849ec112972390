// The markdown report of scripts/experiments/measure-science.ts: sweep tables (criteria × rates),
// per-layer sensitivity, channel pruning with compaction, iterative pruning and the
// lottery-ticket comparison, each from the plain result records of src/core/experiments.
// Why this file exists: how results are printed is separate from how they are measured.
import type { IterativeResult } from '../../../src/core/experiments/iterative';
import type { LotteryResult } from '../../../src/core/experiments/lottery';
import type { SensitivityResult } from '../../../src/core/experiments/sensitivity';
import type { SweepResult } from '../../../src/core/experiments/sweep';
import type { CompactExperiment } from './compactExperiment';
import { pct } from './pruningReport';

const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const rule = (n: number) => row(Array.from({ length: n }, (_, i) => (i === 0 ? '---' : '---:')));
const rate = (r: number) => `${(r * 100).toFixed(0)} %`;

export function sweepTable(title: string, r: SweepResult): string {
  const criteria = [...new Set(r.points.map((p) => p.criterion))];
  const rates = [...new Set(r.points.map((p) => p.rate))];
  const lines = [`**${title}** (${r.scope} scope, ${r.structure}, ${r.examples} test images, no fine-tuning)`, '', row(['rate', ...criteria]), rule(criteria.length + 1)];
  for (const x of rates) {
    lines.push(row([rate(x), ...criteria.map((c) => {
      const p = r.points.find((q) => q.criterion === c && q.rate === x);
      return p ? pct(p.accuracy) : '–';
    })]));
  }
  const scoring = Object.entries(r.scoreSeconds).map(([c, s]) => `${c} ${s.toFixed(1)} s`).join(', ');
  lines.push('', `Scoring time: ${scoring}. Whole sweep ${r.seconds.toFixed(0)} s.`);
  return lines.join('\n');
}

export function sensitivityTable(r: SensitivityResult): string {
  const layers = [...new Set(r.points.map((p) => p.layer))];
  const rates = [...new Set(r.points.map((p) => p.rate))];
  const lines = [
    `**Per-layer sensitivity** (${r.criterion}, ${r.structure}; one layer pruned, the others dense; dense ${pct(r.anchorAccuracy)})`,
    '',
    row(['layer', ...rates.map(rate)]),
    rule(rates.length + 1),
  ];
  for (const l of layers) lines.push(row([l, ...rates.map((x) => pct(r.points.find((p) => p.layer === l && p.rate === x)?.accuracy ?? NaN))]));
  return lines.join('\n');
}

export function iterativeTable(r: IterativeResult, dense: number, control?: ScienceJson['dense_control']): string {
  const lines = [
    `**Iterative magnitude pruning** (global; each round prunes half of what remains, then fine-tunes with the masks held)`,
    '',
    row(['round', 'sparsity', 'after pruning', 'after fine-tuning', 'fine-tune s']),
    rule(5),
    ...r.rounds.map((x) => row([x.round, pct(x.sparsity, 2), pct(x.prunedAccuracy), pct(x.finetunedAccuracy), x.finetuneSeconds.toFixed(0)])),
    '',
    `Final: ${pct(r.finalAccuracy)} at ${pct(r.finalSparsity, 2)} sparsity (${(1 / (1 - r.finalSparsity)).toFixed(1)}× fewer weights); dense ${pct(dense)}; ` +
      `difference ${((r.finalAccuracy - dense) * 100).toFixed(2)} pp.`,
  ];
  if (control) {
    lines.push(
      '',
      `Control: the dense model trained for the same ${control.extraEpochs} extra epochs (same data orders) reaches ${pct(control.accuracy)} ` +
        `(${control.accuracies.map((a) => pct(a)).join(' → ')}); the pruned model is ${((r.finalAccuracy - control.accuracy) * 100).toFixed(2)} pp from it.`,
    );
  }
  return lines.join('\n');
}

export function lotteryTable(r: LotteryResult): string {
  const run = (x: LotteryResult['ticket']) => (x ? `${pct(x.accuracy)} (epochs: ${x.epochAccuracies.map((a) => pct(a)).join(' → ')})` : 'stopped');
  return [
    `**Lottery ticket** at ${rate(r.rate)} (global magnitude masks from the trained model; retrained with the masks held)`,
    '',
    row(['model', 'test accuracy']),
    rule(2),
    row(['dense (trained)', pct(r.anchorAccuracy)]),
    row([`pruned ${rate(r.rate)}, no retraining`, pct(r.prunedAccuracy)]),
    row(['ticket: survivors rewound to their initial values, retrained', run(r.ticket)]),
    row(['control: same masks, fresh random initialisation, retrained', run(r.control)]),
  ].join('\n');
}

export function compactTable(c: CompactExperiment): string {
  const speed = (s: CompactExperiment['denseSpeed']) => `${s.imagesPerSec.toFixed(0)} img/s (${s.msPerBatch.toFixed(2)} ms per batch of ${s.batchSize})`;
  return [
    `**Channel pruning and compaction** (${c.description})`,
    '',
    row(['', 'dense LeNet-5', 'compact']),
    rule(3),
    row(['kernel shapes', c.dense.shapes, c.compact.shapes]),
    row(['parameters', c.dense.params.toLocaleString('en-US'), c.compact.params.toLocaleString('en-US')]),
    row(['bytes (float32)', c.dense.bytes.toLocaleString('en-US'), c.compact.bytes.toLocaleString('en-US')]),
    row(['inference (median of ' + c.denseSpeed.repeats + ')', speed(c.denseSpeed), speed(c.compactSpeed)]),
    row(['test accuracy, no fine-tuning', pct(c.maskedAccuracy) + ' (masked)', pct(c.compactAccuracy)]),
    row([`test accuracy after ${c.finetuneEpochs} fine-tuning epoch(s)`, pct(c.finetunedMaskedAccuracy) + ' (masked)', pct(c.finetunedCompactAccuracy)]),
    '',
    `max |Δ logit| compact vs masked on ${c.diffExamples} test images: ${c.maxDiff.toExponential(2)} before, ${c.maxDiffFinetuned.toExponential(2)} after fine-tuning.`,
  ].join('\n');
}

/** Everything measure-science.ts writes to docs/results/science-seed<N>.json. */
export interface ScienceJson {
  readonly date: string;
  readonly node: string;
  readonly tfjs: string;
  readonly backend: string;
  readonly platform: string;
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
  /** The dense model trained for as many extra epochs as the iterative run fine-tuned. */
  readonly dense_control?: { readonly extraEpochs: number; readonly accuracies: readonly number[]; readonly accuracy: number };
  readonly lottery?: LotteryResult;
  /** Seconds of this run, and every run whose parts the file holds (a run may redo some parts). */
  readonly totalSeconds: number;
  readonly runs?: readonly { readonly date: string; readonly parts: readonly string[]; readonly seconds: number }[];
}

const pp = (a: number, b: number) => `${((a - b) * 100).toFixed(2)} pp`;

/** Checks computed from the measured numbers (nothing here is hard-coded). */
export function checks(j: ScienceJson): string[] {
  const out: string[] = [];
  const at = (r: SweepResult | undefined, c: string, rate: number) => r?.points.find((p) => p.criterion === c && p.rate === rate)?.accuracy;
  const mag90 = at(j.sweep_global, 'magnitude', 0.9);
  const rnd90 = at(j.sweep_global, 'random', 0.9);
  if (mag90 !== undefined && rnd90 !== undefined) {
    out.push(`Random vs magnitude at 90 % (global, one-shot): ${pct(rnd90)} vs ${pct(mag90)}: random is ${rnd90 < mag90 - 0.05 ? 'clearly worse, as it must be' : 'NOT clearly worse: something is wrong'}.`);
  }
  const best = (rate: number) => {
    const pts = j.sweep_global?.points.filter((p) => p.rate === rate) ?? [];
    return pts.reduce<{ criterion: string; accuracy: number } | null>((b, p) => (!b || p.accuracy > b.accuracy ? p : b), null);
  };
  for (const rate of [0.9, 0.95]) {
    const b = best(rate);
    if (b) out.push(`Best one-shot criterion at ${rate * 100} % (global): ${b.criterion} (${pct(b.accuracy)}).`);
  }
  if (j.sensitivity) {
    const s = j.sensitivity;
    const acc = (layer: string, rate: number) => s.points.find((p) => p.layer === layer && p.rate === rate)?.accuracy;
    const layers = [...new Set(s.points.map((p) => p.layer))];
    for (const rate of [0.9, 0.99]) {
      const row = layers.map((l) => `${l} ${pct(acc(l, rate) ?? NaN)}`).join(', ');
      out.push(`Sensitivity, one layer pruned alone to ${rate * 100} %: ${row}.`);
    }
  }
  if (j.compact) {
    const c = j.compact;
    out.push(
      `Compact model: ${c.compact.params.toLocaleString('en-US')} of ${c.dense.params.toLocaleString('en-US')} parameters ` +
        `(${(c.dense.params / c.compact.params).toFixed(2)}× fewer), ${(c.compactSpeed.imagesPerSec / c.denseSpeed.imagesPerSec).toFixed(2)}× the inference speed; ` +
        `outputs within ${c.maxDiff.toExponential(1)} of the masked model (${c.maxDiff <= 1e-5 ? 'within' : 'NOT within'} 1e-5).`,
    );
  }
  if (j.iterative) {
    const r = j.iterative;
    const ok = r.finalAccuracy >= j.dense.accuracy - 0.002;
    out.push(`Iterative magnitude pruning to ${pct(r.finalSparsity)}: ${pct(r.finalAccuracy)} vs dense ${pct(j.dense.accuracy)} (${pp(r.finalAccuracy, j.dense.accuracy)}; goal within 0.2 pp: ${ok ? 'met' : 'missed'}).`);
    const c = j.dense_control;
    if (c) out.push(`…and vs the dense model trained ${c.extraEpochs} epochs more (${pct(c.accuracy)}): ${pp(r.finalAccuracy, c.accuracy)}.`);
  }
  if (j.lottery?.ticket && j.lottery.control) {
    const l = j.lottery;
    const t = l.ticket?.accuracy ?? NaN;
    const c = l.control?.accuracy ?? NaN;
    out.push(`Lottery ticket at ${pct(l.sparsity)}: rewound ${pct(t)} vs random re-init ${pct(c)} (${pp(t, c)}).`);
  }
  return out;
}

function runsText(j: ScienceJson): string {
  const runs = j.runs ?? [{ date: j.date, parts: [], seconds: j.totalSeconds }];
  return runs.map((r) => `${(r.seconds / 60).toFixed(1)} min${r.parts.length ? ` (${r.parts.join(', ')})` : ''}`).join('; ');
}

export function scienceMarkdown(j: ScienceJson): string {
  const s = j.settings;
  const parts = [
    `# Pruning science on LeNet-5 / MNIST (seed ${s.seed})`,
    `Measured by \`npx tsx scripts/experiments/measure-science.ts\` on ${j.date.slice(0, 10)}: Node ${j.node}, tfjs ${j.tfjs} \`${j.backend}\` backend, ${j.platform}. ` +
      `LeNet-5 trained ${s.epochs} epochs on ${s.train} images (the app's defaults: SGD lr 0.01, momentum 0.5, batch 64; seed ${s.seed}); ` +
      `accuracies on ${s.test} test images. Dense: **${pct(j.dense.accuracy)}** (trained in ${j.dense.trainSeconds.toFixed(0)} s). ` +
      `Reference: ${j.reference.label}. Runs: ${runsText(j)}.`,
    'Gradient criteria use 8 seeded training batches of 64: taylor = mean over batches of |w·g|, fisher = ½·mean(g²)·w² ' +
      '(batch-gradient empirical Fisher). Random = seeded uniform scores. Sparsity is over the weights of all four layers (biases are not pruned).',
    ['**Checks**', '', ...checks(j).map((c) => `- ${c}`)].join('\n'),
  ];
  if (j.sweep_global) parts.push(sweepTable('Accuracy against sparsity, global (Han’s setting)', j.sweep_global));
  if (j.sweep_layer) parts.push(sweepTable('Accuracy against sparsity, per layer', j.sweep_layer));
  if (j.sweep_per_example) {
    parts.push(sweepTable('Taylor and Fisher from per-example gradients (512 training examples, one at a time), global', j.sweep_per_example));
  }
  if (j.sensitivity) parts.push(sensitivityTable(j.sensitivity));
  if (j.sweep_channels) parts.push(sweepTable('Whole channels (conv filters, fc1 neurons; fc2 keeps its 10 outputs)', j.sweep_channels));
  if (j.compact) parts.push(compactTable(j.compact));
  if (j.iterative) parts.push(iterativeTable(j.iterative, j.dense.accuracy, j.dense_control));
  if (j.lottery) parts.push(lotteryTable(j.lottery));
  return `${parts.join('\n\n')}\n`;
}
