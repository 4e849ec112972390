// What a compression run reports, as plain data (no tfjs; the UI and the measurement script
// read it): one row per stage (bytes with all metadata, measured accuracy) and one row per
// layer (weights kept, codebook bits, the Huffman-coded bits per weight and per index entry).

import type { LayerBytes } from './format';
import type { QuantizedKernel } from './quantized';

export const STAGE_LABELS = {
  dense: 'Dense float32',
  pruned: 'Pruned (sparse float32 + relative index)',
  quantized: 'Quantized (k-means codebook, fixed-width codes)',
  finetuned: 'Centroids fine-tuned',
  huffman: 'Huffman coded (the file)',
} as const;
export type StageId = keyof typeof STAGE_LABELS;

export interface StageRow {
  readonly stage: StageId;
  readonly bytes: number;
  readonly accuracy: number;
  readonly correct: number;
  readonly count: number;
}

export interface LayerRow {
  readonly layer: string;
  readonly weights: number;
  readonly kept: number;
  readonly bits: number;
  readonly indexWidth: number;
  /** Huffman-coded bits per kept weight: codes, and relative index (fillers included). */
  readonly codeBits: number;
  readonly indexBits: number;
  /** The layer's bytes in the file: header, codebook, tables and both streams. */
  readonly bytes: number;
}

export interface CompressResult {
  readonly stages: readonly StageRow[];
  readonly layers: readonly LayerRow[];
  readonly file: Uint8Array;
  readonly denseBytes: number;
  /** Decoding the file gave the fine-tuned quantized weights bit for bit. */
  readonly bitIdentical: boolean;
  readonly seconds: number;
}

export function layerRows(layers: readonly string[], quantized: readonly QuantizedKernel[], bytes: readonly LayerBytes[]): LayerRow[] {
  return layers.map((layer, i) => {
    const q = quantized[i];
    const b = bytes.find((x) => x.name === q.name);
    if (!b) throw new Error(`no byte count for ${q.name}`);
    const kept = q.codes.length;
    return {
      layer,
      weights: q.mask.length,
      kept,
      bits: q.bits,
      indexWidth: b.indexWidth,
      codeBits: kept ? (8 * (b.codes - 4)) / kept : 0,
      indexBits: kept ? (8 * (b.index - 4)) / kept : 0,
      bytes: b.total,
    };
  });
}

/** Dense float32 bytes over these bytes. */
export function ratio(denseBytes: number, bytes: number): number {
  return denseBytes / bytes;
}
