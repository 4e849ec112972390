// The export: one ZIP holding the pruned model in TensorFlow.js format (model.json +
// weights.bin, loadable with tf.loadLayersModel), the same model as model.onnx (for
// onnxruntime, PyTorch and serving stacks; onnx/onnxExport.ts), its masks (masks.json: one
// packed bit per weight, 1 = kept), the vocabulary of a text model (vocab.json) and
// report.json (sparsity per layer, accuracy, sizes in bytes, the N:M compressed size when
// the weights follow a pattern, and after Compact the full and compact model side by side:
// parameters, bytes and measured speed). After Compact the archive holds the compact model
// itself: its topology and weights are what the caller passes.

import { buildMasksJson, MASKS_FILE } from './masksFile';
import { artifactsToFiles, MODEL_FILE, snapshotArtifacts, WEIGHTS_FILE } from './modelFiles';
import { buildOnnx, ONNX_FILE } from './onnx/onnxExport';
import { IR_VERSION, OPSET } from './onnx/onnxProto';
import { writeZip } from './zip';
import type { CompactSummary } from '../results/compact';
import type { NmPattern } from '../method';
import type { InputDescription } from '../models/description';
import type { ModelSizeReport } from '../stats/modelSizes';
import { nmSizeReport, type NmSizeReport } from '../stats/size';
import { type WeightSnapshot, kernelName, layerCounts } from '../weights';

export { MASKS_FILE, packMaskBase64, unpackMaskBase64 } from './masksFile';
export const REPORT_FILE = 'report.json';
export const VOCAB_FILE = 'vocab.json';

export interface LayerReport {
  readonly name: string;
  readonly weights: number;
  readonly pruned: number;
  readonly sparsity: number;
}

/** The full-size and the compact model after Compact, as measured by compactAndMeasure. */
export interface CompactionReport {
  readonly params: { readonly full: number; readonly compact: number };
  readonly bytes: { readonly full: number; readonly compact: number };
  /** Forward-pass throughput measured in the lab (examples per second, median of repeats). */
  readonly examplesPerSec: { readonly full: number; readonly compact: number };
  readonly speedup: number;
  readonly channels: CompactSummary['channels'];
  /** max |compact(x) − masked(x)| on `diffExamples` test inputs. */
  readonly maxOutputDifference: number;
  readonly diffExamples: number;
}

export interface ExportReport {
  readonly generatedBy: 'PruneLab';
  readonly createdAt: string;
  readonly model: string;
  /** What the lab was asked for (rate, scope, layers …), as sent by the slider. */
  readonly request: unknown;
  /** Zeros over all prunable kernels of the exported weights. */
  readonly sparsity: number;
  readonly layers: readonly LayerReport[];
  readonly accuracy: { readonly test: number; readonly examples: number };
  readonly denseAccuracy: number | null;
  readonly bytes: {
    readonly params: number;
    readonly nonZero: number;
    readonly dense: number;
    readonly csr: number;
    readonly bitmask: number;
    readonly gzip: number;
    /** N:M compressed format (values + indices), when the weights follow the pattern asked for. */
    readonly nm: NmSizeReport | null;
  };
  /** Present when the archive holds a compacted model. */
  readonly compaction: CompactionReport | null;
  readonly onnx: { readonly file: string; readonly opset: number; readonly irVersion: number; readonly note: string } | null;
  readonly files: readonly string[];
}

export interface ExportInput {
  /** The model's id (a built-in's, or an imported model's with `input`). */
  readonly model: string;
  /** What the model reads; built-ins default to their description's. */
  readonly input?: InputDescription;
  /** Topology of the model exported (the compact model's after Compact). */
  readonly topology: object;
  /** The exported weights (anchor with the pruned kernels written in, or the compact model's). */
  readonly weights: WeightSnapshot;
  readonly prunableLayers: readonly string[];
  readonly request: unknown;
  readonly accuracy: { readonly test: number; readonly examples: number };
  readonly denseAccuracy: number | null;
  readonly sizes: ModelSizeReport;
  readonly createdAt: Date;
  /** A text model's vocabulary: its words in id order (word i has id i + 2); written as vocab.json. */
  readonly vocabulary?: readonly string[];
  /** The N:M pattern pruned with (structure 'nm'): the report gives that compressed size. */
  readonly nm?: NmPattern;
  /** After Compact: the measured full-size and compact models (the archive holds the compact one). */
  readonly compaction?: CompactSummary;
  /** Write model.onnx too (default true). */
  readonly onnx?: boolean;
}

/** What an export builds: the archive, its report, and model.onnx on its own. */
export interface ExportBundle {
  readonly zip: Uint8Array;
  readonly report: ExportReport;
  /** model.onnx as in the archive (null when not written), for a download of its own. */
  readonly onnx: Uint8Array | null;
}

function compactionReport(c: CompactSummary): CompactionReport {
  return {
    params: { full: c.dense.params, compact: c.compact.params },
    bytes: { full: c.dense.bytes, compact: c.compact.bytes },
    examplesPerSec: { full: c.denseSpeed.imagesPerSec, compact: c.compactSpeed.imagesPerSec },
    speedup: c.compactSpeed.imagesPerSec / c.denseSpeed.imagesPerSec,
    channels: c.channels,
    maxOutputDifference: c.maxDiff,
    diffExamples: c.diffExamples,
  };
}

const ONNX_NOTE =
  'Weights only moved (NCHW layout), pruned zeros kept as zeros. Runtimes store and run them densely: N:M and unstructured zeros save storage (compressed), not time; a compacted model is genuinely smaller and faster.';

export function exportReport(input: ExportInput, files: readonly string[]): ExportReport {
  const layers = layerCounts(input.weights, input.prunableLayers, input.prunableLayers).map((c) => ({
    name: c.name,
    weights: c.size,
    pruned: c.zeros,
    sparsity: c.size ? c.zeros / c.size : 0,
  }));
  const total = layers.reduce((n, l) => n + l.weights, 0);
  const s = input.sizes;
  const prunable = new Set(input.prunableLayers.map(kernelName));
  const tensors = input.weights.names.map((name, i) => ({ name, shape: input.weights.shapes[i], values: input.weights.values[i], prunable: prunable.has(name) }));
  return {
    generatedBy: 'PruneLab',
    createdAt: input.createdAt.toISOString(),
    model: input.model,
    request: input.request,
    sparsity: total ? layers.reduce((n, l) => n + l.pruned, 0) / total : 0,
    layers,
    accuracy: input.accuracy,
    denseAccuracy: input.denseAccuracy,
    bytes: {
      params: s.params,
      nonZero: s.nonZero,
      dense: s.denseBytes,
      csr: s.csrBytes,
      bitmask: s.bitmaskBytes,
      gzip: s.gzipBytes,
      nm: input.nm ? nmSizeReport(tensors, input.nm) : null,
    },
    compaction: input.compaction ? compactionReport(input.compaction) : null,
    onnx: files.includes(ONNX_FILE) ? { file: ONNX_FILE, opset: OPSET, irVersion: IR_VERSION, note: ONNX_NOTE } : null,
    files,
  };
}

/** vocab.json: the words in id order, with the reserved ids and the tokeniser in words. */
function vocabJson(words: readonly string[]): string {
  return JSON.stringify({
    format: 'prunelab-vocab',
    padId: 0,
    unkId: 1,
    firstWordId: 2,
    tokenizer:
      "lower-case; <br /> tags → space; ’ and ‘ → '; accents removed (NFD); words are runs of a-z and 0-9, joined by single inner apostrophes; other characters separate words; a word not listed has id 1",
    words,
  });
}

/** Builds the export archive; also returns its report and model.onnx. */
export function buildExport(input: ExportInput): ExportBundle {
  const { modelJson, weights } = artifactsToFiles(snapshotArtifacts(input.topology, input.weights));
  const masks = buildMasksJson(input.weights, input.prunableLayers);
  const onnx = input.onnx === false ? null : buildOnnx({ model: input.model, input: input.input, topology: input.topology, weights: input.weights });
  const enc = new TextEncoder();
  const entries = [
    { name: MODEL_FILE, data: enc.encode(modelJson) },
    { name: WEIGHTS_FILE, data: new Uint8Array(weights) },
    { name: MASKS_FILE, data: enc.encode(JSON.stringify(masks)) },
    ...(onnx ? [{ name: ONNX_FILE, data: onnx }] : []),
    ...(input.vocabulary ? [{ name: VOCAB_FILE, data: enc.encode(vocabJson(input.vocabulary)) }] : []),
  ];
  const files = [...entries.map((e) => e.name), REPORT_FILE];
  const report = exportReport(input, files);
  const zip = writeZip([...entries, { name: REPORT_FILE, data: enc.encode(JSON.stringify(report, null, 2)) }]);
  return { zip, report, onnx };
}
