// Pruning from an anchor checkpoint (DESIGN.md §5): scores and a PruningPlan are built
// once per anchor; each slider move derives masks, per-layer counts and histograms in
// O(n) plain-array work, so dragging stays interactive. Dragging back restores weights
// because masks are always applied to the anchor, never to already-pruned weights.

import { symmetricSpec, histogram, type HistogramSpec } from '../stats/histogram';
import type { WeightSnapshot } from './apply';
import { kernelName, layerKernels } from './apply';
import { applyMask, countZeros, PruningPlan, type Scope } from './masks';
import { magnitudeScores } from './scores';

export interface PruneRequest {
  readonly rate: number;
  readonly scope: Scope;
  /** Layers to prune; the others keep every weight. */
  readonly include: readonly string[];
  /** Global scope only: no layer loses more than this fraction (null = no cap). */
  readonly cap: number | null;
  /**
   * Included layers pruned by whole kernel rows (e.g. vocabulary rows of an embedding),
   * ranked by row L2 norm. Row and weight scores are not comparable, so these layers always
   * lose round(rate · rows) rows of their own, whatever the scope.
   */
  readonly rowLayers?: readonly string[];
}

export interface LayerPruneStats {
  readonly name: string;
  readonly size: number;
  readonly pruned: number;
  readonly included: boolean;
  /** Largest pruned |w| (NaN when nothing is pruned or when pruned by rows). */
  readonly threshold: number;
  /** For row pruning: rows in the kernel, rows removed, and the largest removed row norm. */
  readonly rows: { readonly total: number; readonly pruned: number; readonly threshold: number } | null;
  readonly histogram: {
    readonly spec: HistogramSpec;
    /** The anchor's non-zero weights (zeros of a pruned checkpoint are not part of its distribution). */
    readonly all: Uint32Array;
    /** Weights that survive the mask. */
    readonly kept: Uint32Array;
  };
}

export interface PruneStats {
  readonly request: PruneRequest;
  /** Weights in all prunable layers, and how many of them are pruned. */
  readonly prunable: number;
  readonly pruned: number;
  /** Weights in the layers selected for pruning, and how many of them are pruned. */
  readonly selected: number;
  readonly selectedPruned: number;
  /** selectedPruned / selected: what the slider controls (0 when no layer is selected). */
  readonly sparsity: number;
  /** pruned / prunable: the same over every prunable layer, unselected ones counted as kept. */
  readonly sparsityAll: number;
  /** Sparsity the anchor already has (a fine-tuned checkpoint keeps its zeros). */
  readonly anchorSparsity: number;
  readonly layers: readonly LayerPruneStats[];
}

export interface PruneOutcome {
  readonly stats: PruneStats;
  readonly masks: readonly Uint8Array[];
  /** anchor ⊙ mask per prunable kernel, keyed by weight name (e.g. "fc1/kernel"); built on first use. */
  readonly kernels: ReadonlyMap<string, Float32Array>;
}

export const HISTOGRAM_BINS = 41;

export class PruneController {
  private readonly plan: PruningPlan;
  /** Row norms of every kernel, one plan layer per model layer (built lazily: only row pruning uses it). */
  private rowPlan: PruningPlan | null = null;
  private readonly kernels: Float32Array[];
  private readonly specs: HistogramSpec[];
  private readonly allCounts: Uint32Array[];
  readonly anchorSparsity: number;

  constructor(
    readonly layers: readonly string[],
    readonly anchor: WeightSnapshot,
  ) {
    this.kernels = layerKernels(anchor, layers);
    this.plan = PruningPlan.create(layers.map((name, i) => ({ name, scores: magnitudeScores(this.kernels[i]) })));
    this.specs = this.kernels.map((k) => symmetricSpec(k, HISTOGRAM_BINS));
    const nonZero = this.kernels.map((k) => Uint8Array.from(k, (v) => (v === 0 ? 0 : 1)));
    this.allCounts = this.kernels.map((k, i) => histogram(k, this.specs[i], nonZero[i]));
    const zeros = nonZero.reduce((s, m) => s + countZeros(m), 0);
    this.anchorSparsity = zeros / this.kernels.reduce((s, k) => s + k.length, 0);
  }

  private rowCount(i: number): number {
    const shape = this.anchor.shapes[this.anchor.names.indexOf(kernelName(this.layers[i]))];
    return shape.length > 1 ? shape[0] : 1;
  }

  private getRowPlan(): PruningPlan {
    this.rowPlan ??= PruningPlan.create(
      this.layers.map((name, i) => ({ name, scores: rowNorms(this.kernels[i], this.rowCount(i)) })),
    );
    return this.rowPlan;
  }

  compute(request: PruneRequest): PruneOutcome {
    const include = new Set(request.include);
    const byRows = new Set((request.rowLayers ?? []).filter((l) => include.has(l)));
    const result = this.plan.masks({
      rate: request.rate,
      scope: request.scope,
      include: new Set([...include].filter((l) => !byRows.has(l))),
      maxLayerSparsity: request.scope === 'global' && request.cap !== null ? request.cap : undefined,
    });
    const rows = byRows.size > 0 ? this.getRowPlan().masks({ rate: request.rate, scope: 'layer', include: byRows }) : null;
    const masks: Uint8Array[] = [];
    const layers = this.layers.map((name, i): LayerPruneStats => {
      const rowMask = rows && byRows.has(name) ? rows.masks[i] : null;
      const mask = rowMask ? expandRows(rowMask, this.kernels[i].length) : result.masks[i];
      masks.push(mask);
      return {
        name,
        size: mask.length,
        pruned: countZeros(mask),
        included: include.has(name),
        threshold: rowMask ? NaN : result.thresholds[i],
        rows: rowMask && rows ? { total: rowMask.length, pruned: countZeros(rowMask), threshold: rows.thresholds[i] } : null,
        histogram: { spec: this.specs[i], all: this.allCounts[i], kept: histogram(this.kernels[i], this.specs[i], mask) },
      };
    });
    const sum = (list: readonly LayerPruneStats[], f: (l: LayerPruneStats) => number) => list.reduce((s, l) => s + f(l), 0);
    const prunable = sum(layers, (l) => l.size);
    const pruned = sum(layers, (l) => l.pruned);
    const chosen = layers.filter((l) => l.included);
    const selected = sum(chosen, (l) => l.size);
    const selectedPruned = sum(chosen, (l) => l.pruned);
    // Slider moves need only the stats; the pruned kernels are materialised when used.
    let kernels: Map<string, Float32Array> | null = null;
    const anchorKernels = this.kernels;
    const names = this.layers;
    return {
      stats: {
        request,
        prunable,
        pruned,
        selected,
        selectedPruned,
        sparsity: selected ? selectedPruned / selected : 0,
        sparsityAll: pruned / prunable,
        anchorSparsity: this.anchorSparsity,
        layers,
      },
      masks,
      get kernels() {
        kernels ??= new Map(names.map((name, i) => [kernelName(name), applyMask(anchorKernels[i], masks[i])]));
        return kernels;
      },
    };
  }
}

/** L2 norm of each of `rows` equal, contiguous rows of a row-major kernel. */
export function rowNorms(kernel: Float32Array, rows: number): Float32Array {
  const cols = kernel.length / rows;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = r * cols; c < (r + 1) * cols; c++) sum += kernel[c] * kernel[c];
    out[r] = Math.sqrt(sum);
  }
  return out;
}

/** Expands a per-row mask to a per-weight mask of a row-major kernel. */
export function expandRows(rowMask: Uint8Array, size: number): Uint8Array {
  const cols = size / rowMask.length;
  const out = new Uint8Array(size);
  for (let r = 0; r < rowMask.length; r++) out.fill(rowMask[r], r * cols, (r + 1) * cols);
  return out;
}
