// Pruning masks from importance scores (docs/architecture.md, Pruning), as pure typed-array math so it runs
// in the worker and under Vitest. A PruningPlan sorts all scores ONCE (a stable LSD radix
// sort on the float32 bit patterns, O(N)); every slider move then derives masks in O(N)
// by walking that order, so dragging over ~1 M weights stays interactive.
//
// Semantics (mask: 1 keep, 0 pruned; scores non-negative, lower = pruned first):
// - order: score ascending, then layer index, then weight index (deterministic ties);
// - 'layer' scope: each included layer loses exactly targetCount(rate, n) weights;
// - 'global' scope: exactly K = targetCount(rate, N_included) weights over all included
//   layers; with maxLayerSparsity a layer loses at most floor(cap·n) and the walk goes on
//   down the global order, so the total is still K when the caps allow it — otherwise every
//   included layer ends at its cap (sum of caps < K) and fewer than K are pruned;
// - excluded layers keep an all-ones mask and do not count in N_included;
// - masks are nested: the pruned set at a lower rate is a subset of the one at a higher rate.

export interface LayerScores {
  readonly name: string;
  readonly scores: Float32Array;
}

import type { Scope } from '../method';

export interface MaskOptions {
  /** Fraction of prunable weights set to zero, in [0, 1); RangeError outside. */
  readonly rate: number;
  readonly scope: Scope;
  /** Layer names to prune; default all. Unknown names match nothing. */
  readonly include?: ReadonlySet<string>;
  /** Global scope only (ignored for 'layer'): per-layer cap in [0, 1]; undefined = no cap. */
  readonly maxLayerSparsity?: number;
}

export interface MaskResult {
  /** One per layer, same order as the plan's layers; freshly allocated on every call. */
  readonly masks: Uint8Array[];
  /** Pruned count per layer. */
  readonly pruned: number[];
  /** Per layer: the largest pruned score (NaN if none pruned). */
  readonly thresholds: number[];
}

const EPS = 1e-9;

/** round(x) with halves up, tolerant of float noise such as 0.145 × 100 = 14.499999999999998. */
function roundTol(x: number): number {
  return Math.floor(x + 0.5 + EPS * Math.max(1, Math.abs(x)));
}

/** floor(x), tolerant of float noise such as 0.29 × 100 = 28.999999999999996. */
function floorTol(x: number): number {
  return Math.floor(x + EPS * Math.max(1, Math.abs(x)));
}

/** How many of n weights a rate prunes: round(rate·n), halves up (shared with tests and UI). */
export function targetCount(rate: number, n: number): number {
  return Math.min(n, roundTol(rate * n));
}

/** How many of n weights a layer may lose under a cap: floor(cap·n). */
export function capCount(cap: number, n: number): number {
  return Math.min(n, floorTol(cap * n));
}

/**
 * Indices 0..n-1 sorted by key ascending, ties by index ascending: a stable LSD radix sort,
 * 3 passes of 11/11/10 bits; passes where every key has the same digit are skipped.
 */
function sortedOrder(keys: Uint32Array): Uint32Array {
  const n = keys.length;
  let ka = keys.slice(); // the passes write into both key buffers: never into the caller's
  let kb = new Uint32Array(n);
  let ia = new Uint32Array(n);
  let ib = new Uint32Array(n);
  for (let i = 0; i < n; i++) ia[i] = i;
  const hist = [new Uint32Array(2048), new Uint32Array(2048), new Uint32Array(1024)];
  const [h0, h1, h2] = hist;
  for (let i = 0; i < n; i++) {
    const k = ka[i];
    h0[k & 2047]++;
    h1[(k >>> 11) & 2047]++;
    h2[k >>> 22]++;
  }
  const shifts = [0, 11, 22];
  for (let p = 0; p < 3; p++) {
    const h = hist[p];
    if (h.includes(n)) continue; // one bucket holds everything: order unchanged
    let sum = 0;
    for (let b = 0; b < h.length; b++) {
      const c = h[b];
      h[b] = sum;
      sum += c;
    }
    const s = shifts[p];
    const m = h.length - 1;
    for (let i = 0; i < n; i++) {
      const k = ka[i];
      const at = h[(k >>> s) & m]++;
      kb[at] = k;
      ib[at] = ia[i];
    }
    [ka, kb] = [kb, ka];
    [ia, ib] = [ib, ia];
  }
  return ia;
}

function validateRate(name: string, v: number, allowOne: boolean): void {
  const ok = v >= 0 && (allowOne ? v <= 1 : v < 1);
  if (!ok) throw new RangeError(`${name} must be in [0, 1${allowOne ? ']' : ')'}, got ${v}`);
}

export class PruningPlan {
  readonly names: readonly string[];
  readonly sizes: readonly number[];
  /** Start of each layer in the concatenated score array. */
  private readonly offsets: readonly number[];
  /** All scores concatenated (a private copy). */
  private readonly scores: Float32Array;
  /** Layer of each entry of the global order (score, layer, index). */
  private readonly rankLayer: Uint16Array;
  /** Per layer: local indices by (score, index). */
  private readonly layerOrder: readonly Uint32Array[];

  private constructor(
    names: string[],
    sizes: number[],
    offsets: number[],
    scores: Float32Array,
    rankLayer: Uint16Array,
    layerOrder: Uint32Array[],
  ) {
    this.names = names;
    this.sizes = sizes;
    this.offsets = offsets;
    this.scores = scores;
    this.rankLayer = rankLayer;
    this.layerOrder = layerOrder;
  }

  /** Sorts once; throws RangeError on negative/NaN scores, duplicate names or > 65,535 layers. */
  static create(layers: readonly LayerScores[]): PruningPlan {
    if (layers.length > 0xffff) throw new RangeError(`too many layers: ${layers.length}`);
    const names = layers.map((l) => l.name);
    if (new Set(names).size !== names.length) throw new RangeError(`duplicate layer names: ${names.join(', ')}`);
    const sizes = layers.map((l) => l.scores.length);
    const offsets: number[] = [];
    let total = 0;
    for (const n of sizes) {
      offsets.push(total);
      total += n;
    }
    if (total >= 2 ** 32) throw new RangeError(`too many weights: ${total}`);
    const scores = new Float32Array(total);
    const layerOf = new Uint16Array(total);
    layers.forEach((l, li) => {
      const src = l.scores;
      const off = offsets[li];
      for (let i = 0; i < src.length; i++) {
        const s = src[i];
        if (!(s >= 0)) throw new RangeError(`score ${s} at ${l.name}[${i}] is not a non-negative number`);
        scores[off + i] = s === 0 ? 0 : s; // -0 → +0 so its bit pattern sorts first
      }
      layerOf.fill(li, off, off + src.length);
    });
    // Non-negative float32 bit patterns, read as uint32, sort in the same order as the values.
    const rankIndex = sortedOrder(new Uint32Array(scores.buffer));
    const rankLayer = new Uint16Array(total);
    const layerOrder = sizes.map((n) => new Uint32Array(n));
    const fill = new Array<number>(layers.length).fill(0);
    for (let r = 0; r < total; r++) {
      const g = rankIndex[r];
      const li = layerOf[g];
      rankLayer[r] = li;
      layerOrder[li][fill[li]++] = g - offsets[li];
    }
    return new PruningPlan(names, sizes, offsets, scores, rankLayer, layerOrder);
  }

  masks(opts: MaskOptions): MaskResult {
    validateRate('rate', opts.rate, false);
    if (opts.scope !== 'layer' && opts.scope !== 'global') throw new RangeError(`unknown scope ${String(opts.scope)}`);
    const cap = opts.scope === 'global' ? opts.maxLayerSparsity : undefined;
    if (cap !== undefined) validateRate('maxLayerSparsity', cap, true);
    const included = this.names.map((name) => opts.include === undefined || opts.include.has(name));
    const pruned =
      opts.scope === 'layer'
        ? this.sizes.map((n, li) => (included[li] ? targetCount(opts.rate, n) : 0))
        : this.globalCounts(opts.rate, cap, included);
    // Within a layer the global order is the layer's own (score, index) order, so in both
    // scopes a layer's pruned set is a prefix of layerOrder: only the counts differ.
    const thresholds = new Array<number>(this.names.length).fill(Number.NaN);
    const masks = this.sizes.map((n, li) => {
      const mask = new Uint8Array(n).fill(1);
      const k = pruned[li];
      if (k === 0) return mask;
      const order = this.layerOrder[li];
      for (let j = 0; j < k; j++) mask[order[j]] = 0;
      thresholds[li] = this.scores[this.offsets[li] + order[k - 1]];
      return mask;
    });
    return { masks, pruned, thresholds };
  }

  /**
   * Per-layer pruned counts in global scope: walks the global order (reads only, O(N) at
   * worst), skipping excluded layers and layers at their cap, until K are counted.
   */
  private globalCounts(rate: number, cap: number | undefined, included: readonly boolean[]): number[] {
    const nLayers = this.names.length;
    let nIncluded = 0;
    const limit = new Float64Array(nLayers);
    for (let li = 0; li < nLayers; li++) {
      if (!included[li]) continue;
      nIncluded += this.sizes[li];
      limit[li] = cap === undefined ? this.sizes[li] : capCount(cap, this.sizes[li]);
    }
    const counts = new Float64Array(nLayers);
    const k = targetCount(rate, nIncluded);
    // open[li] = 1: the layer may still lose weights. Excluded layers have limit 0: closed.
    const open = Uint8Array.from(limit, (l) => (l > 0 ? 1 : 0));
    const rankLayer = this.rankLayer;
    let done = 0;
    for (let r = 0; r < rankLayer.length && done < k; r++) {
      const li = rankLayer[r];
      if (open[li] === 0) continue;
      done++;
      if (++counts[li] >= limit[li]) open[li] = 0;
    }
    return Array.from(counts);
  }
}

export function countZeros(mask: Uint8Array): number {
  let zeros = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) zeros++;
  return zeros;
}

/**
 * The largest |w| among the weights of `kernel` that `mask` zeroes and that were not zero
 * already (NaN when it zeroes none): the magnitude threshold of the model as it is, so a
 * fine-tuned checkpoint's own zeros do not pull it to 0.
 */
export function largestPrunedMagnitude(kernel: Float32Array, mask: Uint8Array): number {
  let max = Number.NaN;
  for (let i = 0; i < kernel.length; i++) {
    const a = Math.abs(kernel[i]);
    if (mask[i] === 0 && a !== 0 && !(a <= max)) max = a;
  }
  return max;
}

/**
 * out[i] = anchor[i] * mask[i]; returns out (allocates if omitted). Pruned entries become
 * exactly +0 (a select, not a multiply, so no -0 and no NaN from a NaN anchor).
 */
export function applyMask(anchor: Float32Array, mask: Uint8Array, out?: Float32Array): Float32Array {
  if (mask.length !== anchor.length) throw new RangeError(`mask length ${mask.length} ≠ anchor length ${anchor.length}`);
  const dst = out ?? new Float32Array(anchor.length);
  if (dst.length !== anchor.length) throw new RangeError(`out length ${dst.length} ≠ anchor length ${anchor.length}`);
  for (let i = 0; i < anchor.length; i++) dst[i] = mask[i] === 0 ? 0 : anchor[i];
  return dst;
}
