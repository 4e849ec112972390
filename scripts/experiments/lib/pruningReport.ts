// Result records and the markdown summary of scripts/experiments/measure-pruning.ts (LeNet-5 pruning
// experiments on MNIST): accuracy/size per experiment, per-layer sparsity, timings,
// per-layer sensitivity and the independent cross-check.
// Why this file exists: the report's shape (what is recorded, how it is printed and
// stored in docs/results) is separate from the order in which experiments are run.
import type { ModelSizes } from '../../../src/protocol/events';
import type { PruneRequest, PruneStats } from '../../../src/core/prune/controller';
import type { EpochRecord } from './epochTraining';
import type { LayerCheck, SparsitySummary } from './pruningChecks';

export const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
export const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;

/** The tutorial's (PyTorch) test accuracies for the same experiments. */
export const TUTORIAL_REFERENCE = { dense: 0.9845, layer50: 0.9825, layer90: 0.675, global90: 0.967, global90Finetuned: 0.9841 };

export interface LayerSparsity {
  readonly name: string;
  readonly size: number;
  readonly pruned: number;
  readonly sparsity: number;
}

export interface OneShotResult {
  readonly name: string;
  readonly request: PruneRequest;
  readonly accuracy: number;
  readonly estimateAccuracy: number;
  readonly estimateExamples: number;
  readonly evalSeconds: number;
  readonly sparsity: number;
  readonly pruned: number;
  readonly prunable: number;
  readonly layers: readonly LayerSparsity[];
  readonly sizes: ModelSizes;
}

export const layerSparsity = (stats: PruneStats): LayerSparsity[] =>
  stats.layers.map((l) => ({ name: l.name, size: l.size, pruned: l.pruned, sparsity: l.pruned / l.size }));

/** Sensitivity: one layer pruned at a time (the others dense). */
export interface SensitivityResult {
  readonly layer: string;
  readonly rate: number;
  readonly accuracy: number;
}

export interface IndependentResult {
  readonly name: string;
  readonly accuracy: number;
  readonly sessionAccuracy: number;
  /** Weights whose kept/pruned status differs from the session's mask (ties only). */
  readonly maskDifferences: number;
}

/** One line of the experiments table. */
export interface ReportRow {
  readonly experiment: string;
  readonly accuracy: number;
  readonly reference: number;
  readonly sparsity: number;
  readonly sizes: ModelSizes;
}

export interface PruningReport {
  readonly seed: number;
  readonly trainCount: number;
  readonly testCount: number;
  readonly epochs: number;
  readonly init: string;
  readonly backend: string;
  readonly layers: readonly string[];
  readonly rows: readonly ReportRow[];
  /** The 90 % global one-shot result, broken down per layer. */
  readonly global90: OneShotResult;
  /** Per-layer zeros in the fine-tuned model, in `layers` order, and their totals. */
  readonly checks: readonly LayerCheck[];
  readonly sparsity: SparsitySummary;
  readonly epochRecords: readonly EpochRecord[];
  readonly finetune: { readonly epochs: number; readonly seconds: number; readonly imagesPerSec: number };
  readonly sensitivity: readonly SensitivityResult[];
  readonly independent: readonly IndependentResult[];
}

/** The summary tables as markdown (no trailing newline). */
export function pruningMarkdown(r: PruningReport): string {
  const { global90, checks, sparsity: s } = r;
  const lines: string[] = [
    `### LeNet-5 pruning on MNIST, seed ${r.seed} (train ${r.trainCount}, test ${r.testCount}, ${r.epochs} epochs, ${r.init} init, tfjs ${r.backend})`,
    '',
    '| experiment | test accuracy | tutorial (PyTorch) | sparsity (prunable) | dense | CSR | bitmask | gzip |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map(
      (row) =>
        `| ${row.experiment} | ${pct(row.accuracy)} | ${pct(row.reference)} | ${pct(row.sparsity, 2)} | ${kb(row.sizes.denseBytes)} | ` +
        `${kb(row.sizes.csrBytes)} | ${kb(row.sizes.bitmaskBytes)} | ${kb(row.sizes.gzipBytes)} |`,
    ),
    '',
    '| layer | weights | 90 % global: pruned | sparsity | zeros after FT | masked weights still 0 | of which -0 |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...global90.layers.map((l, i) => {
      const c = checks[i];
      return `| ${l.name} | ${l.size} | ${l.pruned} | ${pct(l.sparsity, 2)} | ${c.zeros} | ${c.maskedZeros}/${c.masked} | ${c.negativeZeros} |`;
    }),
    `| **all** | ${global90.prunable} | ${global90.pruned} | ${pct(global90.sparsity, 4)} | ${s.totalZeros} (${pct(s.sparsity, 4)}) | ${s.allMaskedZero ? 'yes' : 'NO'} | ${s.totalNegativeZeros} |`,
    '',
    '| timing | value |',
    '|---|---:|',
    ...r.epochRecords.map(
      (e) => `| train epoch ${e.epoch} | ${e.trainSeconds.toFixed(1)} s · ${e.imagesPerSec.toFixed(0)} img/s (test ${pct(e.testAccuracy)}) |`,
    ),
    `| fine-tune (${r.finetune.epochs} epoch, masks re-applied per step) | ${r.finetune.seconds.toFixed(1)} s · ${r.finetune.imagesPerSec.toFixed(0)} img/s |`,
    `| full test-set evaluation (${r.testCount}) | ${global90.evalSeconds.toFixed(2)} s |`,
    '',
    '| one layer pruned (others dense) | 50 % | 90 % |',
    '|---|---:|---:|',
    ...r.layers.map((layer) => {
      const at = (rate: number) => r.sensitivity.find((x) => x.layer === layer && x.rate === rate)?.accuracy ?? NaN;
      return `| ${layer} | ${pct(at(0.5))} | ${pct(at(0.9))} |`;
    }),
    '',
    '| cross-check (plain sort + setWeights) | independent | session | mask differences |',
    '|---|---:|---:|---:|',
    ...r.independent.map((x) => `| ${x.name} | ${pct(x.accuracy)} | ${pct(x.sessionAccuracy)} | ${x.maskDifferences} |`),
  ];
  return lines.join('\n');
}
