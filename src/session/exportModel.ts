// The export of the model on screen: the masked full-size model, or, after Compact of this
// very view, the genuinely smaller compact model; each measured on the test set and
// written as a .zip (tfjs files, model.onnx, masks, report) or as model.onnx alone.

import type * as tf from '@tensorflow/tfjs';
import { channelMasksOf } from '../core/lab/compactRun';
import type { CompactSummary } from '../core/results/compact';
import { buildExport } from '../core/io/exportBundle';
import { snapshotWeights, writeWeights } from '../core/train/modelWeights';
import { compactModel } from '../core/lab/compact';
import { modelSizes } from '../core/stats/modelSizes';
import { evaluate, type EvalResult } from '../core/train/evaluate';
import { replaceWeights, type WeightSnapshot } from '../core/weights';
import type { ExportResult } from '../protocol/results';
import type { LabSession } from './labSession';

interface Exported {
  readonly topology: object;
  readonly weights: WeightSnapshot;
  readonly evaluation: EvalResult;
  readonly compaction: CompactSummary | null;
}

/** The compact model of the view on screen, measured on the test set (full-size weights in). */
async function compactExport(lab: LabSession, onScreen: WeightSnapshot, summary: CompactSummary): Promise<Exported> {
  const pruning = lab.requirePruning();
  const outcome = pruning.outcome;
  if (!outcome) throw new Error('Nothing is pruned: there is no compact model to export.');
  const full = lab.buildModel();
  let compact: tf.Sequential | null = null;
  try {
    writeWeights(full, onScreen);
    compact = compactModel({ model: full, weights: onScreen, channelMasks: channelMasksOf(pruning.layers, outcome).channelMasks });
    const evaluation = await evaluate(compact, lab.data.test, { task: lab.spec.task });
    return { topology: compact.toJSON(null, false) as object, weights: await snapshotWeights(compact), evaluation, compaction: summary };
  } finally {
    compact?.dispose();
    full.dispose();
  }
}

/** Builds the export of the model on screen; `evaluateOnScreen` measures it on a private copy. */
export async function exportModel(
  lab: LabSession,
  format: 'zip' | 'onnx',
  topology: object,
  evaluateOnScreen: (anchor: WeightSnapshot, kernels: ReadonlyMap<string, Float32Array> | undefined) => Promise<EvalResult>,
): Promise<ExportResult> {
  const pruning = lab.requirePruning();
  const view = pruning.view;
  const { anchor, kernels } = pruning.currentWeights();
  const onScreen = replaceWeights(anchor, kernels);
  const { spec, data } = lab;
  const c = pruning.compaction;
  const exported: Exported =
    c && view && c.viewSeq === view.seq ? await compactExport(lab, onScreen, c.summary) : { topology, weights: onScreen, evaluation: await evaluateOnScreen(anchor, kernels), compaction: null };
  const method = view?.method;
  const nm = method?.structure === 'nm' ? method.nm : undefined;
  const base = pruning.checkpoint(0)?.info;
  const { zip, report, onnx } = buildExport({
    model: spec.id,
    input: spec.input,
    topology: exported.topology,
    weights: exported.weights,
    prunableLayers: spec.prunableLayers,
    request: method ?? null,
    accuracy: { test: exported.evaluation.accuracy, examples: exported.evaluation.count },
    denseAccuracy: base?.kind === 'dense' ? base.accuracy : null,
    sizes: await modelSizes(exported.weights, spec.prunableLayers, undefined, nm),
    createdAt: new Date(),
    vocabulary: data.vocab?.words,
    nm,
    compaction: exported.compaction ?? undefined,
  });
  const stem = `prunelab-${spec.id}-${exported.compaction ? 'compact-' : ''}${(report.sparsity * 100).toFixed(1)}pct`;
  const bytes = format === 'onnx' ? onnx : zip;
  if (!bytes) throw new Error('The ONNX model could not be written.');
  return {
    fileName: `${stem}.${format === 'onnx' ? 'onnx' : 'zip'}`,
    data: bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : (bytes.slice().buffer as ArrayBuffer),
    compact: exported.compaction !== null,
    accuracy: exported.evaluation.accuracy,
    examples: exported.evaluation.count,
    sparsity: report.sparsity,
  };
}
