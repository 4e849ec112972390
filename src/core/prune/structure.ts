// Structured pruning: whole output channels (conv filters, dense neurons, embedding
// dimensions) instead of single weights, as pure typed-array math.
//
// Layout: a kernel's last axis is its output channel, for conv ([kh, kw, in, out]) and
// dense ([in, out]) alike, so weight i belongs to channel i % out. The prunable layers form
// a chain (each feeds the next through pooling/flatten, which keep channels): weight i of
// the next layer reads input channel floor(i / out_next) % out_prev. That holds for conv
// after conv ([kh, kw, in, out]), dense after flatten (NHWC flatten puts the channel
// fastest: row (h·W + w)·C + c) and dense after dense.
//
// A channel's score is the criterion summed over its weights. Removing a channel also
// zeroes its bias (relu(bias) would otherwise leak into the next layer) and the next
// layer's weights that read it ("dead inputs"): the masked model then computes exactly
// what the compacted model (compact.ts) computes, and its zeros are honest.

import { targetCount, capCount } from './masks';


/** Output channels of a kernel: its last axis (1 for a vector). */
export function outChannels(shape: readonly number[]): number {
  return shape.length > 1 ? shape[shape.length - 1] : 1;
}

/** Sum of per-weight scores over each of `out` channels (weight i → channel i % out). */
export function channelSums(scores: Float32Array, out: number): Float32Array {
  const sums = new Float64Array(out);
  for (let i = 0; i < scores.length; i++) sums[i % out] += scores[i];
  return Float32Array.from(sums);
}

/** Per-weight mask of a kernel with `channelMask.length` output channels. */
export function expandChannels(channelMask: Uint8Array, size: number): Uint8Array {
  const out = channelMask.length;
  if (size % out !== 0) throw new RangeError(`kernel of ${size} weights has no ${out} equal channels`);
  const mask = new Uint8Array(size);
  for (let i = 0; i < size; i++) mask[i] = channelMask[i % out];
  return mask;
}

/**
 * Zeroes in `mask` (a kernel with `out` output channels) every weight that reads a removed
 * input channel of `inputMask`; returns how many kept weights it zeroed.
 */
export function maskDeadInputs(mask: Uint8Array, out: number, inputMask: Uint8Array): number {
  const inChannels = inputMask.length;
  const rows = mask.length / out;
  if (!Number.isInteger(rows) || rows % inChannels !== 0) {
    throw new RangeError(`a kernel with ${rows} input rows cannot read ${inChannels} channels`);
  }
  let zeroed = 0;
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] !== 0 && inputMask[Math.floor(i / out) % inChannels] === 0) {
      mask[i] = 0;
      zeroed++;
    }
  }
  return zeroed;
}

export interface ChannelLayer {
  /** Channel scores (criterion summed over each channel's weights). */
  readonly scores: Float32Array;
  /** Weights per channel (used to compare channels across layers in global scope). */
  readonly weightsPerChannel: number;
  readonly included: boolean;
}

export interface ChannelSelection {
  /** Per layer: 1 keep, 0 removed (all ones for excluded layers). */
  readonly masks: Uint8Array[];
  /** Per layer: the largest removed channel score (NaN when none). */
  readonly thresholds: number[];
}

/**
 * Chooses the channels to remove. 'layer' scope: each included layer loses round(rate · channels)
 * of its own, ranked by score. 'global' scope: channels of all included layers ranked by
 * score per weight (sum / weights per channel), removed in that order until the removed
 * weights reach round(rate · included weights) (so at least the rate, overshooting by less
 * than one channel). Both keep at least one channel per layer; `cap` (global) limits a layer
 * to floor(cap · channels). Ties: lower layer, then lower channel index, go first.
 */
export function selectChannels(layers: readonly ChannelLayer[], rate: number, scope: 'layer' | 'global', cap: number | null): ChannelSelection {
  if (!(rate >= 0 && rate < 1)) throw new RangeError(`rate must be in [0, 1), got ${rate}`);
  const limits = layers.map((l) => {
    const n = l.scores.length;
    if (!l.included) return 0;
    const capped = scope === 'global' && cap !== null ? capCount(cap, n) : n;
    return Math.max(0, Math.min(capped, n - 1));
  });
  const removeCounts = new Array<number>(layers.length).fill(0);
  const entries: { layer: number; index: number; key: number }[] = [];
  layers.forEach((l, li) => {
    if (!l.included) return;
    for (let c = 0; c < l.scores.length; c++) {
      entries.push({ layer: li, index: c, key: scope === 'global' ? l.scores[c] / l.weightsPerChannel : l.scores[c] });
    }
  });
  entries.sort((a, b) => a.key - b.key || a.layer - b.layer || a.index - b.index);
  const masks = layers.map((l) => new Uint8Array(l.scores.length).fill(1));
  const thresholds = layers.map(() => Number.NaN);
  const remove = (e: { layer: number; index: number }) => {
    masks[e.layer][e.index] = 0;
    removeCounts[e.layer]++;
    thresholds[e.layer] = layers[e.layer].scores[e.index];
  };
  if (scope === 'layer') {
    const want = layers.map((l, li) => Math.min(targetCount(rate, l.scores.length), limits[li]));
    for (const e of entries) if (removeCounts[e.layer] < want[e.layer]) remove(e);
  } else {
    const total = layers.reduce((s, l) => s + (l.included ? l.scores.length * l.weightsPerChannel : 0), 0);
    const k = targetCount(rate, total);
    let removed = 0;
    for (const e of entries) {
      if (removed >= k) break;
      if (removeCounts[e.layer] >= limits[e.layer]) continue;
      remove(e);
      removed += layers[e.layer].weightsPerChannel;
    }
  }
  return { masks, thresholds };
}
