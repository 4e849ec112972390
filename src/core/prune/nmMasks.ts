// N:M semi-structured sparsity: in every group of M consecutive weights along a kernel's
// input dimension, the N most important (by the criterion's scores) are kept and M − N are
// zeroed. This is the pattern TF-MOT (`sparsity_m_by_n`), torch.ao and NVIDIA's sparse
// tensor cores use (2:4 by default). Pure typed-array math.
//
// Groups. A kernel's last axis is its output channel (conv [kh, kw, in, out], dense
// [in, out]), so weight i reads fan-in position f = floor(i / out) of output o = i % out.
// For each output, the fan-in positions 0, 1, … are cut into groups of M: for a dense
// kernel these are M consecutive inputs; for a conv kernel the fan-in is flattened as
// (kh, kw, in) with the input channel fastest, so groups run along the input channels, then
// kw, then kh (when `in` is a multiple of M, a group never leaves one kernel position; that
// is the layout NVIDIA's ASP and TF-MOT use for conv). A bias-free embedding table stored as
// a dense [vocab, dim] kernel is grouped along the vocabulary for each embedding dimension.
//
// Groups are chosen in the layout the exported model has (ONNX, PyTorch), so that the file
// a sparse kernel would run is N:M too. That differs from tfjs's in one place: a dense layer
// after the flatten of a conv's [H, W, C] map. tfjs flattens it channel fastest (row
// (h·W + w)·C + c), ONNX and PyTorch channel slowest (c·H·W + h·W + w), and the export
// permutes the rows accordingly; so such a layer's groups are M consecutive inputs in the
// NCHW order (a fan-in order, chainFanInOrders), not M consecutive rows of the tfjs kernel.
//
// A fan-in that is not a multiple of M (LeNet-5's conv1 has 1 input channel, 25 weights per
// filter) ends in a partial group of s < M weights: it keeps ceil(N · s / M) of them (never
// fewer than N/M of its weights), so a layer never loses more than the pattern's share.
// The zeros are counted exactly (nmPrunedCount), never assumed to be (M − N) / M.
//
// Ties within a group: the lower score goes first, then the lower fan-in position (the same
// deterministic order masks.ts uses). Scope, rate and caps do not apply: every selected
// layer gets the pattern, unselected layers keep every weight.

import { NM_PATTERNS, type NmPattern } from '../method';

export interface NmSpec {
  /** Weights kept per group. */
  readonly n: number;
  /** Group size. */
  readonly m: number;
}

export function nmSpec(pattern: NmPattern): NmSpec {
  if (!NM_PATTERNS.includes(pattern)) throw new RangeError(`unknown N:M pattern ${String(pattern)}`);
  const [n, m] = pattern.split(':').map(Number);
  return { n, m };
}

/** Output channels (last axis) and fan-in (product of the others) of a kernel shape. */
export function fanInOut(shape: readonly number[]): { readonly fanIn: number; readonly out: number } {
  if (shape.length < 2) return { fanIn: shape.length === 1 ? shape[0] : 1, out: 1 };
  const out = shape[shape.length - 1];
  return { fanIn: shape.slice(0, -1).reduce((a, b) => a * b, 1), out };
}

/**
 * The order in which a kernel's fan-in positions are grouped: order[k] is the stored fan-in
 * position (kernel row) of the k-th input; null keeps the stored order.
 */
export type FanInOrder = Uint32Array | null;

/** Fan-in order of a dense kernel reading an NHWC map of C channels × P positions flattened: NCHW (c·P + p ← p·C + c). */
export function nchwFlattenOrder(channels: number, positions: number): Uint32Array {
  const order = new Uint32Array(channels * positions);
  for (let c = 0; c < channels; c++) for (let p = 0; p < positions; p++) order[c * positions + p] = p * channels + c;
  return order;
}

/**
 * Fan-in orders of a chain of prunable kernels (model order, the layout structure.ts relies
 * on: pooling and flatten keep channels): a dense kernel [C·P, out] right after a conv
 * kernel [kh, kw, in, C] reads that conv's map flattened, with P > 1 positions; it gets the
 * NCHW order. Every other kernel keeps its stored order (null).
 */
export function chainFanInOrders(shapes: readonly (readonly number[])[]): FanInOrder[] {
  return shapes.map((shape, i) => {
    const prev = i > 0 ? shapes[i - 1] : null;
    if (!prev || prev.length !== 4 || shape.length !== 2) return null;
    const channels = prev[3];
    const positions = shape[0] / channels;
    return Number.isInteger(positions) && positions > 1 ? nchwFlattenOrder(channels, positions) : null;
  });
}

function checkOrder(order: FanInOrder, fanIn: number): void {
  if (order && order.length !== fanIn) throw new RangeError(`a fan-in order of ${order.length} for a fan-in of ${fanIn}`);
}

/** Weights kept in a group of `size` weights (size ≤ m): n for a full group, ceil(n · size / m) for a partial one. */
export function keptInGroup(spec: NmSpec, size: number): number {
  return size >= spec.m ? spec.n : Math.min(size, Math.ceil((spec.n * size) / spec.m));
}

/** Zeros the pattern puts into a dense kernel of this shape (partial groups included). */
export function nmPrunedCount(shape: readonly number[], spec: NmSpec): number {
  const { fanIn, out } = fanInOut(shape);
  const full = Math.floor(fanIn / spec.m);
  const rest = fanIn - full * spec.m;
  return out * (full * (spec.m - spec.n) + (rest - keptInGroup(spec, rest)));
}

/** Kept weights the pattern stores for a kernel of this shape: its size less nmPrunedCount. */
export function nmKeptCount(shape: readonly number[], spec: NmSpec): number {
  const { fanIn, out } = fanInOut(shape);
  return fanIn * out - nmPrunedCount(shape, spec);
}

/**
 * The N:M mask (1 keep, 0 pruned) of a kernel from its per-weight scores (non-negative, lower
 * pruned first), its groups taken along the fan-in in `order` (default: as stored).
 */
export function nmMask(scores: Float32Array, shape: readonly number[], spec: NmSpec, order: FanInOrder = null): Uint8Array {
  const { fanIn, out } = fanInOut(shape);
  if (fanIn * out !== scores.length) throw new RangeError(`${scores.length} scores for a kernel of shape [${shape.join(', ')}]`);
  checkOrder(order, fanIn);
  const row = (k: number): number => (order ? order[k] : k);
  const mask = new Uint8Array(scores.length).fill(1);
  const group = new Uint32Array(spec.m); // fan-in positions of the current group, sorted by (score, position)
  for (let o = 0; o < out; o++) {
    for (let start = 0; start < fanIn; start += spec.m) {
      const size = Math.min(spec.m, fanIn - start);
      // insertion sort of at most M entries: stable, so equal scores keep position order
      for (let j = 0; j < size; j++) {
        const s = scores[row(start + j) * out + o];
        let k = j;
        while (k > 0 && scores[row(group[k - 1]) * out + o] > s) {
          group[k] = group[k - 1];
          k--;
        }
        group[k] = start + j;
      }
      const prune = size - keptInGroup(spec, size);
      for (let j = 0; j < prune; j++) mask[row(group[j]) * out + o] = 0;
    }
  }
  return mask;
}

export interface NmCheck {
  readonly groups: number;
  /** Groups holding more non-zero weights than the pattern keeps. */
  readonly violations: number;
  /** Non-zero weights over all groups. */
  readonly nonZero: number;
}

/**
 * Checks that `values` (a kernel of `shape`) follows the pattern: no group (along the fan-in in
 * `order`, default as stored) holds more than its kept count of non-zeros.
 */
export function checkNm(values: ArrayLike<number>, shape: readonly number[], spec: NmSpec, order: FanInOrder = null): NmCheck {
  const { fanIn, out } = fanInOut(shape);
  if (fanIn * out !== values.length) throw new RangeError(`${values.length} values for a kernel of shape [${shape.join(', ')}]`);
  checkOrder(order, fanIn);
  let groups = 0;
  let violations = 0;
  let nonZero = 0;
  for (let o = 0; o < out; o++) {
    for (let start = 0; start < fanIn; start += spec.m) {
      const size = Math.min(spec.m, fanIn - start);
      let nz = 0;
      for (let j = 0; j < size; j++) if (values[(order ? order[start + j] : start + j) * out + o] !== 0) nz++;
      groups++;
      nonZero += nz;
      if (nz > keptInGroup(spec, size)) violations++;
    }
  }
  return { groups, violations, nonZero };
}

/** Why a layer's sparsity differs from (M − N) / M: its fan-in ends in a partial group. */
export function nmNote(shape: readonly number[], spec: NmSpec): string | null {
  const { fanIn } = fanInOut(shape);
  const rest = fanIn % spec.m;
  if (rest === 0) return null;
  const kept = keptInGroup(spec, rest);
  return (
    `fan-in ${fanIn} is not a multiple of ${spec.m}: each output's last group of ${rest} keeps ${kept}` +
    (kept === rest ? ' (none pruned there)' : '')
  );
}
