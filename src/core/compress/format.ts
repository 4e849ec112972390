// The compressed model file (".plc"): the output of Deep Compression's three stages in one
// self-checking binary. Layout (all integers little-endian):
//   magic "PLDC" · u8 version (1) · u8 n + model id (UTF-8) · u16 weight count
//   per weight: u8 n + name (UTF-8) · u8 rank · u32 per dimension · u8 kind
//     kind 0 (raw):       float32 × size
//     kind 1 (quantized): u8 codebook bits · u16 K · float32 × K centroids · u8 index width b
//                         · u32 kept · u32 index entries
//                         · Huffman code lengths, 5 bits each: K for the codes, 2^b for the gaps
//                           (byte-aligned as one block)
//                         · u32 bytes + code stream · u32 bytes + gap stream
//   u32 CRC-32 of every byte before it.
// Code lengths define canonical Huffman codes (huffman.ts); gaps are relative indices with
// fillers (relativeIndex.ts). Decoding refuses a wrong magic or version, a bad checksum, a
// truncated file and any stream that does not add up, each with a message saying which.

import { crc32 } from '../io/zip';
import { BitReader, BitWriter } from './bits';
import { huffmanDecode, huffmanEncode, huffmanLengths, MAX_CODE_LENGTH, symbolCounts } from './huffman';
import type { CompressedWeight, QuantizedKernel, QuantizedModel } from './quantized';
import { sizeOf } from './quantized';
import { decodeGaps, encodeGaps, keptEntries } from './relativeIndex';
import { ByteReader, ByteWriter } from './bytes';

export const MAGIC = 'PLDC';
export const FORMAT_VERSION = 1;
const LENGTH_BITS = 5;

/** Bytes each part of one quantized layer takes in the file. */
export interface LayerBytes {
  readonly name: string;
  readonly header: number;
  readonly codebook: number;
  readonly tables: number;
  readonly codes: number;
  readonly index: number;
  readonly total: number;
  readonly indexWidth: number;
  readonly entries: number;
}

interface EncodedLayer {
  readonly width: number;
  readonly entries: Uint16Array;
  readonly codeLengths: Uint8Array;
  readonly gapLengths: Uint8Array;
  readonly codeStream: Uint8Array;
  readonly gapStream: Uint8Array;
}

function huffmanStream(symbols: Uint16Array, lengths: Uint8Array): Uint8Array {
  const w = new BitWriter();
  huffmanEncode(symbols, lengths, w);
  return w.finish();
}

function encodeWithWidth(q: QuantizedKernel, width: number, codeLengths: Uint8Array, codeStream: Uint8Array): EncodedLayer {
  const entries = encodeGaps(q.mask, width);
  const gapLengths = huffmanLengths(symbolCounts(entries, 2 ** width));
  return { width, entries, codeLengths, gapLengths, codeStream, gapStream: huffmanStream(entries, gapLengths) };
}

const tableBytes = (e: EncodedLayer) => Math.ceil(((e.codeLengths.length + e.gapLengths.length) * LENGTH_BITS) / 8);
const sectionBytes = (e: EncodedLayer) => tableBytes(e) + e.codeStream.length + e.gapStream.length;

/** The index width (1–8 bits) that makes the layer's index smallest, ties to the narrower. */
function encodeLayer(q: QuantizedKernel): EncodedLayer {
  const codeLengths = huffmanLengths(symbolCounts(q.codes, q.centroids.length));
  const codeStream = huffmanStream(q.codes, codeLengths);
  let best: EncodedLayer | null = null;
  for (let width = 1; width <= 8; width++) {
    const e = encodeWithWidth(q, width, codeLengths, codeStream);
    if (!best || sectionBytes(e) < sectionBytes(best)) best = e;
  }
  if (!best) throw new Error('no index width');
  return best;
}

function writeName(w: ByteWriter, s: string): void {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length > 255) throw new Error(`name too long for the format: ${s}`);
  w.u8(bytes.length);
  w.bytes(bytes);
}

function writeLengths(w: ByteWriter, lengths: Uint8Array[]): void {
  const bits = new BitWriter();
  for (const table of lengths) for (const l of table) bits.write(l, LENGTH_BITS);
  w.bytes(bits.finish());
}

/** Encodes the model; also returns each quantized layer's byte breakdown. */
export function encodeCompressed(model: QuantizedModel): { bytes: Uint8Array; layers: LayerBytes[] } {
  const w = new ByteWriter();
  w.bytes(new TextEncoder().encode(MAGIC));
  w.u8(FORMAT_VERSION);
  writeName(w, model.modelId);
  w.u16(model.weights.length);
  const layers: LayerBytes[] = [];
  for (const weight of model.weights) {
    const start = w.length;
    writeName(w, weight.name);
    w.u8(weight.shape.length);
    for (const d of weight.shape) w.u32(d);
    if (weight.kind === 'raw') {
      w.u8(0);
      w.f32s(weight.values);
      continue;
    }
    const q = weight;
    if (q.mask.length !== sizeOf(q.shape)) throw new Error(`${q.name}: mask of ${q.mask.length} for shape ${q.shape.join('×')}`);
    const e = encodeLayer(q);
    w.u8(1);
    w.u8(q.bits);
    w.u16(q.centroids.length);
    const header = w.length - start;
    w.f32s(q.centroids);
    w.u8(e.width);
    w.u32(q.codes.length);
    w.u32(e.entries.length);
    const tablesAt = w.length;
    writeLengths(w, [e.codeLengths, e.gapLengths]);
    const tables = w.length - tablesAt;
    w.u32(e.codeStream.length);
    w.bytes(e.codeStream);
    w.u32(e.gapStream.length);
    w.bytes(e.gapStream);
    layers.push({
      name: q.name,
      header: header + 9,
      codebook: 4 * q.centroids.length,
      tables,
      codes: 4 + e.codeStream.length,
      index: 4 + e.gapStream.length,
      total: w.length - start,
      indexWidth: e.width,
      entries: e.entries.length,
    });
  }
  w.u32(crc32(w.view()));
  return { bytes: w.view().slice(), layers };
}

function readLengths(r: ByteReader, counts: number[]): Uint8Array[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const bits = new BitReader(r.bytes(Math.ceil((total * LENGTH_BITS) / 8)), 'code-length table');
  return counts.map((n) => Uint8Array.from({ length: n }, () => bits.read(LENGTH_BITS)));
}

function readQuantized(r: ByteReader, name: string, shape: number[]): QuantizedKernel {
  const bits = r.u8();
  const k = r.u16();
  if (!(bits >= 1 && bits <= 16) || k < 1 || k > 2 ** bits) throw new Error(`${name}: a codebook of ${k} values for ${bits} bits (corrupt)`);
  const centroids = r.f32s(k);
  const width = r.u8();
  if (!(width >= 1 && width <= 8)) throw new Error(`${name}: index width ${width} (corrupt)`);
  const kept = r.u32();
  const entryCount = r.u32();
  const size = sizeOf(shape);
  if (kept > size || entryCount > size + kept) throw new Error(`${name}: ${kept} kept weights in ${size} (corrupt)`);
  const [codeLengths, gapLengths] = readLengths(r, [k, 2 ** width]);
  if ([...codeLengths, ...gapLengths].some((l) => l > MAX_CODE_LENGTH)) throw new Error(`${name}: bad code length (corrupt)`);
  const codes = huffmanDecode(codeLengths, kept, new BitReader(r.bytes(r.u32()), `${name} code stream`));
  const entries = huffmanDecode(gapLengths, entryCount, new BitReader(r.bytes(r.u32()), `${name} index stream`));
  if (keptEntries(entries, width) !== kept) throw new Error(`${name}: the index holds ${keptEntries(entries, width)} weights, the header ${kept} (corrupt)`);
  const mask = decodeGaps(entries, width, size);
  return { kind: 'quantized', name, shape, bits, centroids, mask, codes };
}

/** Decodes a compressed model file; throws an Error saying what is wrong with a bad one. */
export function decodeCompressed(file: Uint8Array): QuantizedModel {
  if (file.length < 4 || new TextDecoder().decode(file.subarray(0, 4)) !== MAGIC) {
    throw new Error('not a PruneLab compressed model (the file does not start with "PLDC")');
  }
  if (file.length < 12) throw new Error('the compressed model file is truncated');
  const body = file.subarray(0, file.length - 4);
  const stored = new DataView(file.buffer, file.byteOffset + file.length - 4, 4).getUint32(0, true);
  if (crc32(body) !== stored) throw new Error('the compressed model file is corrupt or truncated (checksum mismatch)');
  const r = new ByteReader(body);
  r.bytes(4);
  const version = r.u8();
  if (version !== FORMAT_VERSION) throw new Error(`compressed model format version ${version} is not supported (expected ${FORMAT_VERSION})`);
  const modelId = r.name();
  const count = r.u16();
  const weights: CompressedWeight[] = [];
  for (let i = 0; i < count; i++) {
    const name = r.name();
    const rank = r.u8();
    const shape = Array.from({ length: rank }, () => r.u32());
    const kind = r.u8();
    if (kind === 0) weights.push({ kind: 'raw', name, shape, values: r.f32s(sizeOf(shape)) });
    else if (kind === 1) weights.push(readQuantized(r, name, shape));
    else throw new Error(`${name}: unknown weight kind ${kind} (corrupt)`);
  }
  if (r.remaining !== 0) throw new Error(`${r.remaining} unexpected bytes after the last weight (corrupt)`);
  return { modelId, weights };
}
