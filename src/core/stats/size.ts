// Honest model-size figures for the compare panel: what a pruned model would take on disk
// in a few plain storage formats, so "90 % sparse" is not mistaken for "10× smaller".
//
// Formats (payload bytes only; shapes, names and file headers are not counted):
// - dense:   every parameter as float32 → params × 4.
// - CSR:     each prunable tensor as a 2-D matrix with rows = last dim (output units /
//            filters; tfjs kernels are [kh, kw, in, out] and [in, out]) and cols = product
//            of the other dims (a 0-D tensor is 1 × 1): non-zero values f32 (4 B each) +
//            column indices u16 (2 B) when cols ≤ 65,536, else u32 (4 B) + row pointers
//            u32 ((rows + 1) × 4 B). Non-prunable tensors (biases …) stay dense.
// - bitmask: each prunable tensor as a ceil(n / 8)-byte presence bitmask + its non-zero
//            values as f32. Non-prunable tensors stay dense.
// - N:M:     each prunable tensor that follows an N:M pattern (nmMasks.ts: no group of M
//            along the fan-in, in the exported layout, holds more than N non-zeros) as N value slots per group (f32,
//            zeros included where a group has fewer) + one index per slot of log2(M) bits
//            (its position in the group: 2 bits for M = 4, 3 for M = 8), packed; the
//            compressed format of NVIDIA's sparse tensor cores. A partial last group of s
//            stores ceil(N·s/M) slots. Tensors that break the pattern, and non-prunable
//            ones, stay dense.
// - gzip:    all tensors' float32 bytes (platform order, little-endian in practice)
//            concatenated and gzipped with CompressionStream, as a rough entropy bound.
// "Non-zero" means v !== 0 (NaN counts as non-zero; -0 as zero).

import { chainFanInOrders, checkNm, nmKeptCount, nmSpec } from '../prune/nmMasks';
import type { NmPattern } from '../method';

export interface TensorForSize {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
  readonly prunable: boolean;
}

export interface SizeReport {
  /** All parameters, biases included. */
  readonly params: number;
  /** Non-zero parameters over all tensors. */
  readonly nonZero: number;
  readonly prunable: number;
  readonly prunableNonZero: number;
  /** params × 4 (float32). */
  readonly denseBytes: number;
  /** Prunable tensors as CSR, the others dense (see the header). */
  readonly csrBytes: number;
  /** Prunable tensors as bitmask + non-zero f32 values, the others dense. */
  readonly bitmaskBytes: number;
}

const F32 = 4;
const U32 = 4;
const U16 = 2;
const MAX_U16_COLS = 65_536;

function countNonZero(values: Float32Array): number {
  let nz = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) nz++;
  return nz;
}

/** CSR matrix shape: rows = last dim, cols = product of the others. */
export function csrShape(shape: readonly number[]): { readonly rows: number; readonly cols: number } {
  if (shape.length === 0) return { rows: 1, cols: 1 };
  const rows = shape[shape.length - 1];
  const cols = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  return { rows, cols };
}

export function csrTensorBytes(shape: readonly number[], nonZero: number): number {
  const { rows, cols } = csrShape(shape);
  return nonZero * (F32 + (cols <= MAX_U16_COLS ? U16 : U32)) + (rows + 1) * U32;
}

export function bitmaskTensorBytes(n: number, nonZero: number): number {
  return Math.ceil(n / 8) + nonZero * F32;
}

function checkShape(t: TensorForSize): void {
  const n = t.shape.reduce((a, b) => a * b, 1);
  if (n !== t.values.length || t.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new RangeError(`${t.name}: shape [${t.shape.join(', ')}] does not match ${t.values.length} values`);
  }
}

export function sizeReport(tensors: readonly TensorForSize[]): SizeReport {
  let params = 0;
  let nonZero = 0;
  let prunable = 0;
  let prunableNonZero = 0;
  let csrBytes = 0;
  let bitmaskBytes = 0;
  for (const t of tensors) {
    checkShape(t);
    const n = t.values.length;
    const nz = countNonZero(t.values);
    params += n;
    nonZero += nz;
    if (t.prunable) {
      prunable += n;
      prunableNonZero += nz;
      csrBytes += csrTensorBytes(t.shape, nz);
      bitmaskBytes += bitmaskTensorBytes(n, nz);
    } else {
      csrBytes += n * F32;
      bitmaskBytes += n * F32;
    }
  }
  return { params, nonZero, prunable, prunableNonZero, denseBytes: params * F32, csrBytes, bitmaskBytes };
}

/** gzip size of all tensors' float32 bytes concatenated (CompressionStream('gzip'), which exists in workers and Node ≥ 18). */
export async function gzipBytes(tensors: readonly TensorForSize[]): Promise<number> {
  const stream = new CompressionStream('gzip');
  const reader = stream.readable.getReader();
  const counting = (async () => {
    let total = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return total;
      total += value.byteLength;
    }
  })();
  const writer = stream.writable.getWriter();
  for (const t of tensors) {
    // Copy into a fresh ArrayBuffer-backed view (the source may sit on a SharedArrayBuffer).
    if (t.values.length > 0) await writer.write(new Uint8Array(t.values.slice().buffer));
  }
  await writer.close();
  return counting;
}

/** Bits of one N:M index: the kept weight's position among the M of its group. */
export function nmIndexBits(m: number): number {
  return Math.ceil(Math.log2(m));
}

export interface NmSizeReport {
  readonly pattern: NmPattern;
  /** Whole model: N:M tensors compressed, every other tensor dense f32. */
  readonly bytes: number;
  /** Of which: the N:M tensors' value slots and their packed indices. */
  readonly valueBytes: number;
  readonly indexBytes: number;
  /** The prunable tensors stored as N:M (those that follow the pattern). */
  readonly tensors: readonly string[];
}

/** Size in the N:M compressed format (see the header): values + indices for tensors that follow `pattern`. */
export function nmSizeReport(tensors: readonly TensorForSize[], pattern: NmPattern): NmSizeReport {
  const spec = nmSpec(pattern);
  const bits = nmIndexBits(spec.m);
  let dense = 0;
  let valueBytes = 0;
  let indexBytes = 0;
  const stored: string[] = [];
  // the prunable kernels in model order form the chain whose fan-in orders nmMasks.ts groups by
  const kernels = tensors.filter((t) => t.prunable && t.shape.length >= 2);
  const orders = new Map(chainFanInOrders(kernels.map((t) => t.shape)).map((order, i) => [kernels[i], order]));
  for (const t of tensors) {
    checkShape(t);
    if (t.prunable && t.shape.length >= 2 && checkNm(t.values, t.shape, spec, orders.get(t) ?? null).violations === 0) {
      const slots = nmKeptCount(t.shape, spec);
      valueBytes += slots * F32;
      indexBytes += Math.ceil((slots * bits) / 8);
      stored.push(t.name);
    } else {
      dense += t.values.length * F32;
    }
  }
  return { pattern, bytes: dense + valueBytes + indexBytes, valueBytes, indexBytes, tensors: stored };
}
