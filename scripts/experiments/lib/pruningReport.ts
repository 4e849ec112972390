// What scripts/experiments/measure-pruning.ts records per seed (the tutorial's LeNet-5
// pruning experiments on MNIST) and the markdown it renders over the seeds: accuracy and
// size per experiment, per-layer zeros, the dense curve, timings, per-layer sensitivity and
// the independent cross-check, each cell mean ± sd with every seed's value.
// Why this file exists: the report's shape (what is recorded, how it is printed and stored
// in docs/results) is separate from the order in which experiments are run.

import type { PruneMethod } from '../../../src/core/method';
import type { CheckpointInfo, ModelSizes } from '../../../src/protocol/results';
import type { OneShotResult, SensitivityResult } from './pruneProbe';
import type { LayerCheck, SparsitySummary } from './pruningChecks';
import type { RunInfo } from './runInfo';
import { COUNT, KIB, PCT, pct, pctDigits, provenance, SECONDS, seedCell, seedsNote, type CellFormat } from './seedStats';

/**
 * Test accuracies of the tutorial's code run once in PyTorch, for the same experiments: the
 * tutorial publishes no accuracies. PyTorch's own seed spread is docs/results/torch-seeds.md
 * (scripts/experiments/torch-tutorial-seeds.py).
 */
export const TUTORIAL_REFERENCE = { dense: 0.9845, layer50: 0.9825, layer90: 0.675, global90: 0.967, global90Finetuned: 0.9841 };

export interface IndependentResult {
  readonly name: string;
  readonly accuracy: number;
  readonly sessionAccuracy: number;
  /** Weights whose kept/pruned status differs from the session's mask (ties only). */
  readonly maskDifferences: number;
}

export interface DenseRun {
  readonly accuracy: number;
  readonly examples: number;
  /** Optimizer steps only, and images per second over them; the per-epoch evaluations took evalSeconds. */
  readonly trainSeconds: number;
  readonly itemsPerSec: number;
  readonly evalSeconds: number;
  /** Test accuracy and loss after each epoch, and the epoch's wall time (its evaluation included). */
  readonly epochs: readonly { readonly epoch: number; readonly accuracy: number; readonly loss: number; readonly seconds: number }[];
  readonly checkpoint: CheckpointInfo;
}

export interface FinetuneRun {
  readonly method: PruneMethod;
  readonly accuracy: number;
  readonly trainSeconds: number;
  readonly itemsPerSec: number;
  readonly evalSeconds: number;
  /** The committed fine-tuned checkpoint (its sizes are of the weights as trained). */
  readonly checkpoint: CheckpointInfo;
  /** Sizes of the view on the fine-tuned anchor with the same method (anchor ⊙ mask as the session writes it). */
  readonly viewSizes: ModelSizes;
  /** Zeros in the model's own kernels after fine-tuning, checked against the masks held. */
  readonly sparsity: SparsitySummary;
  readonly layers: readonly LayerCheck[];
}

/** Everything one seed's run writes to docs/results/lenet5-pruning-seed<N>.json. */
export interface PruningSeedJson extends RunInfo {
  readonly settings: {
    readonly model: string;
    readonly init: string;
    readonly seed: number;
    readonly epochs: number;
    readonly train: number;
    readonly test: number;
    readonly batchSize: number;
    readonly optimizer: string;
    readonly learningRate: number;
    readonly momentum: number;
    readonly finetune: { readonly epochs: number; readonly seed: number };
  };
  readonly reference: typeof TUTORIAL_REFERENCE;
  readonly dense: DenseRun;
  readonly oneShot: { readonly layer50: OneShotResult; readonly layer90: OneShotResult; readonly global90: OneShotResult };
  readonly sensitivity: readonly SensitivityResult[];
  readonly independent: readonly IndependentResult[];
  readonly finetuned: FinetuneRun;
  readonly liveTensorsAtEnd: number;
  readonly totalSeconds: number;
}

const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const rule = (n: number) => row(Array.from({ length: n }, (_, i) => (i === 0 ? '---' : '---:')));

/** The pruning report over seeds `runs` (same settings apart from the seed). */
export function pruningMarkdown(runs: readonly PruningSeedJson[]): string {
  const first = runs[0];
  const s = first.settings;
  const seeds = runs.map((r) => r.settings.seed);
  const cell = (f: (r: PruningSeedJson) => number | undefined, fmt: CellFormat = PCT) => seedCell(runs.map(f), fmt);
  const ref = first.reference;
  const experiment = (
    name: string,
    reference: number,
    accuracy: (r: PruningSeedJson) => number,
    sparsity: (r: PruningSeedJson) => number,
    sizes: (r: PruningSeedJson) => ModelSizes,
  ) =>
    row([
      name,
      cell(accuracy),
      pct(reference),
      cell(sparsity),
      cell((r) => sizes(r).csrBytes, KIB),
      cell((r) => sizes(r).bitmaskBytes, KIB),
      cell((r) => sizes(r).gzipBytes, KIB),
    ]);
  const layers = first.oneShot.global90.layers.map((l) => l.name);
  const layerIndex = (name: string) => layers.indexOf(name);
  const sensitivityAt = (layer: string, rate: number) => cell((r) => r.sensitivity.find((x) => x.layer === layer && x.rate === rate)?.accuracy);
  const rates = [...new Set(first.sensitivity.map((x) => x.rate))];
  const allMaskedZero = runs.every((r) => r.finetuned.sparsity.allMaskedZero);
  return [
    `# LeNet-5 pruning on MNIST: the tutorial's experiments with PruneLab's own code`,
    '',
    `Generated by \`npx tsx scripts/experiments/measure-pruning.ts --seeds ${seeds.join(',')}\`${s.init === 'torch' ? '' : ` --init ${s.init}`}. ${provenance(runs.map((r) => ({ seed: r.settings.seed, info: r })))}`,
    `The script drives the lab's worker session (LabSession: train, prune as the slider does, finetune) under Node with the tfjs wasm backend. ` +
      `LeNet-5 (${s.init} init) trained ${s.epochs} epochs on ${s.train} MNIST images (${s.optimizer}, lr ${s.learningRate}, momentum ${s.momentum}, batch ${s.batchSize}); ` +
      `every accuracy is on ${s.test} test images. Fine-tuning: ${s.finetune.epochs} epoch with the seed + 1 and the masks re-applied after every step.`,
    '',
    seedsNote(seeds),
    '',
    row(['experiment', 'test accuracy', 'tutorial’s code, PyTorch, one run', 'zeros (prunable)', 'CSR', 'bitmask', 'gzip']),
    rule(7),
    experiment('dense', ref.dense, (r) => r.dense.accuracy, (r) => r.dense.checkpoint.sparsity, (r) => r.dense.checkpoint.sizes),
    experiment('50 % per layer (L1, no FT)', ref.layer50, (r) => r.oneShot.layer50.accuracy, (r) => r.oneShot.layer50.sparsityAll, (r) => r.oneShot.layer50.sizes),
    experiment('90 % per layer (no FT)', ref.layer90, (r) => r.oneShot.layer90.accuracy, (r) => r.oneShot.layer90.sparsityAll, (r) => r.oneShot.layer90.sizes),
    experiment('90 % global (no FT)', ref.global90, (r) => r.oneShot.global90.accuracy, (r) => r.oneShot.global90.sparsityAll, (r) => r.oneShot.global90.sizes),
    experiment(`90 % global + ${s.finetune.epochs} FT epoch`, ref.global90Finetuned, (r) => r.finetuned.accuracy, (r) => r.finetuned.sparsity.sparsity, (r) => r.finetuned.checkpoint.sizes),
    '',
    `Dense f32: ${(first.dense.checkpoint.sizes.denseBytes / 1024).toFixed(1)} KiB. Zeros are counted in the weights (the 90 % global + FT row: in the model's kernels after fine-tuning).`,
    '',
    row(['layer', 'weights', '90 % global: zeros', 'zeros after FT', 'of which −0']),
    rule(5),
    ...layers.map((name) =>
      row([
        name,
        first.oneShot.global90.layers[layerIndex(name)].size,
        cell((r) => r.oneShot.global90.layers[layerIndex(name)].sparsity),
        cell((r) => r.finetuned.layers[layerIndex(name)].zeros, COUNT),
        cell((r) => r.finetuned.layers[layerIndex(name)].negativeZeros, COUNT),
      ]),
    ),
    '',
    `Every masked weight still 0 after fine-tuning: ${allMaskedZero ? 'yes, in every seed' : 'NO (see the JSON)'}.`,
    '',
    row(['dense training', 'test accuracy']),
    rule(2),
    ...first.dense.epochs.map((e, i) => row([`after epoch ${e.epoch}`, cell((r) => r.dense.epochs[i]?.accuracy)])),
    '',
    row(['timing (load-dependent: 2 shared cores)', 'value']),
    rule(2),
    row([`dense training, ${s.epochs} epochs (optimizer steps only)`, cell((r) => r.dense.trainSeconds, SECONDS)]),
    row(['dense training throughput (img/s)', cell((r) => r.dense.itemsPerSec, COUNT)]),
    row([`fine-tuning, ${s.finetune.epochs} epoch (masks re-applied per step)`, cell((r) => r.finetuned.trainSeconds, SECONDS)]),
    row(['fine-tuning throughput (img/s)', cell((r) => r.finetuned.itemsPerSec, COUNT)]),
    row([`full test-set evaluation (${s.test})`, cell((r) => r.oneShot.global90.evalSeconds, { ...SECONDS, digits: 2 })]),
    '',
    row(['one layer pruned (others dense)', ...rates.map((x) => `${x * 100} %`)]),
    rule(rates.length + 1),
    ...layers.map((layer) => row([layer, ...rates.map((x) => sensitivityAt(layer, x))])),
    '',
    row(['cross-check (plain sort by magnitude + setWeights)', 'independent', 'session', 'mask differences']),
    rule(4),
    ...first.independent.map((x, i) =>
      row([x.name, cell((r) => r.independent[i].accuracy), cell((r) => r.independent[i].sessionAccuracy), cell((r) => r.independent[i].maskDifferences, COUNT)]),
    ),
    '',
    `Zeros after fine-tuning, all layers: ${cell((r) => r.finetuned.sparsity.sparsity, pctDigits(4))} of ${first.finetuned.sparsity.totalSize} prunable weights.`,
    '',
  ].join('\n');
}
