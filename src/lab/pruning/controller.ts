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
}

export interface LayerPruneStats {
  readonly name: string;
  readonly size: number;
  readonly pruned: number;
  readonly included: boolean;
  /** Largest pruned |w| (NaN when nothing is pruned). */
  readonly threshold: number;
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
  readonly prunable: number;
  readonly pruned: number;
  /** pruned / prunable, over every prunable layer (excluded layers count as kept). */
  readonly sparsity: number;
  /** Sparsity the anchor already has (a fine-tuned checkpoint keeps its zeros). */
  readonly anchorSparsity: number;
  readonly layers: readonly LayerPruneStats[];
}

export interface PruneOutcome {
  readonly stats: PruneStats;
  readonly masks: readonly Uint8Array[];
  /** anchor ⊙ mask per prunable kernel, keyed by weight name (e.g. "fc1/kernel"). */
  readonly kernels: ReadonlyMap<string, Float32Array>;
}

export const HISTOGRAM_BINS = 41;

export class PruneController {
  private readonly plan: PruningPlan;
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

  compute(request: PruneRequest): PruneOutcome {
    const include = new Set(request.include);
    const result = this.plan.masks({
      rate: request.rate,
      scope: request.scope,
      include,
      maxLayerSparsity: request.scope === 'global' && request.cap !== null ? request.cap : undefined,
    });
    const kernels = new Map<string, Float32Array>();
    const layers = this.layers.map((name, i): LayerPruneStats => {
      const mask = result.masks[i];
      kernels.set(kernelName(name), applyMask(this.kernels[i], mask));
      return {
        name,
        size: mask.length,
        pruned: countZeros(mask),
        included: include.has(name),
        threshold: result.thresholds[i],
        histogram: { spec: this.specs[i], all: this.allCounts[i], kept: histogram(this.kernels[i], this.specs[i], mask) },
      };
    });
    const prunable = layers.reduce((s, l) => s + l.size, 0);
    const pruned = layers.reduce((s, l) => s + l.pruned, 0);
    return {
      stats: { request, prunable, pruned, sparsity: pruned / prunable, anchorSparsity: this.anchorSparsity, layers },
      masks: result.masks,
      kernels,
    };
  }
}
