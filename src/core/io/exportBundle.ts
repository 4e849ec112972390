// The export: one ZIP holding the pruned model in TensorFlow.js format (model.json +
// weights.bin, loadable with tf.loadLayersModel), its masks (masks.json: one packed bit
// per weight, 1 = kept) and report.json (sparsity per layer, accuracy, sizes in bytes).

import type { ModelSizeReport } from '../stats/modelSizes';
import { artifactsToFiles, MODEL_FILE, snapshotArtifacts, WEIGHTS_FILE } from './modelFiles';
import { writeZip } from './zip';
import { type WeightSnapshot, kernelName } from '../weights';

export const MASKS_FILE = 'masks.json';
export const REPORT_FILE = 'report.json';

export interface LayerReport {
  readonly name: string;
  readonly weights: number;
  readonly pruned: number;
  readonly sparsity: number;
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
  };
  readonly files: readonly string[];
}

export interface ExportInput {
  readonly model: string;
  readonly topology: object;
  /** The exported weights (anchor with the pruned kernels written in). */
  readonly weights: WeightSnapshot;
  readonly prunableLayers: readonly string[];
  readonly request: unknown;
  readonly accuracy: { readonly test: number; readonly examples: number };
  readonly denseAccuracy: number | null;
  readonly sizes: ModelSizeReport;
  readonly createdAt: Date;
}

/** Packs one bit per value (1 = non-zero = kept), least significant bit first, base64-encoded. */
export function packMaskBase64(values: Float32Array): string {
  const bytes = new Uint8Array(Math.ceil(values.length / 8));
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) bytes[i >> 3] |= 1 << (i & 7);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function unpackMaskBase64(text: string, length: number): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (bin.charCodeAt(i >> 3) >> (i & 7)) & 1;
  return out;
}

function kernelOf(weights: WeightSnapshot, layer: string): { values: Float32Array; shape: readonly number[] } {
  const i = weights.names.indexOf(kernelName(layer));
  if (i < 0) throw new Error(`no kernel for ${layer}`);
  return { values: weights.values[i], shape: weights.shapes[i] };
}

const zeros = (v: Float32Array) => v.reduce((n, x) => n + (x === 0 ? 1 : 0), 0);

export function exportReport(input: ExportInput, files: readonly string[]): ExportReport {
  const layers = input.prunableLayers.map((name) => {
    const { values } = kernelOf(input.weights, name);
    const pruned = zeros(values);
    return { name, weights: values.length, pruned, sparsity: values.length ? pruned / values.length : 0 };
  });
  const total = layers.reduce((n, l) => n + l.weights, 0);
  const s = input.sizes;
  return {
    generatedBy: 'PruneLab',
    createdAt: input.createdAt.toISOString(),
    model: input.model,
    request: input.request,
    sparsity: total ? layers.reduce((n, l) => n + l.pruned, 0) / total : 0,
    layers,
    accuracy: input.accuracy,
    denseAccuracy: input.denseAccuracy,
    bytes: { params: s.params, nonZero: s.nonZero, dense: s.denseBytes, csr: s.csrBytes, bitmask: s.bitmaskBytes, gzip: s.gzipBytes },
    files,
  };
}

/** Builds the export archive; also returns its report. */
export function buildExport(input: ExportInput): { zip: Uint8Array; report: ExportReport } {
  const { modelJson, weights } = artifactsToFiles(snapshotArtifacts(input.topology, input.weights));
  const masks = {
    format: 'prunelab-masks',
    version: 1,
    encoding: 'base64 of one bit per weight, least significant bit first; 1 = kept, 0 = pruned',
    layers: input.prunableLayers.map((layer) => {
      const k = kernelOf(input.weights, layer);
      return { name: kernelName(layer), shape: k.shape, kept: k.values.length - zeros(k.values), bits: packMaskBase64(k.values) };
    }),
  };
  const files = [MODEL_FILE, WEIGHTS_FILE, MASKS_FILE, REPORT_FILE];
  const report = exportReport(input, files);
  const enc = new TextEncoder();
  const zip = writeZip([
    { name: MODEL_FILE, data: enc.encode(modelJson) },
    { name: WEIGHTS_FILE, data: new Uint8Array(weights) },
    { name: MASKS_FILE, data: enc.encode(JSON.stringify(masks)) },
    { name: REPORT_FILE, data: enc.encode(JSON.stringify(report, null, 2)) },
  ]);
  return { zip, report };
}
