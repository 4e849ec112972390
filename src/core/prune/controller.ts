// Pruning from an anchor checkpoint (DESIGN.md §5): scores and a PruningPlan are built
// once per anchor; each slider move derives masks, per-layer counts and histograms in
// O(n) plain-array work, so dragging stays interactive. Dragging back restores weights
// because masks are always applied to the anchor, never to already-pruned weights.
// Scores come from a criterion (scores.ts; |w| unless given); the request's structure
// picks single weights (or embedding rows) or whole channels (channelMasks.ts).

import { symmetricSpec, histogram, type HistogramSpec } from '../stats/histogram';
import type { WeightSnapshot } from './apply';
import { kernelName, layerKernels } from './apply';
import { channelMasks, layerChannelSums, type ChannelLayerInput, type ChannelLayerResult } from './channelMasks';
import { applyMask, countZeros, PruningPlan, type Scope } from './masks';
import { expandRows, rowNorms } from './rows';
import { magnitudeScores, type Criterion } from './scores';
import type { Structure } from './structure';

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
  /**
   * 'weights' (default) or 'channels': whole conv filters / dense neurons / embedding
   * dimensions, ranked by the criterion summed over each (structure.ts). With 'channels',
   * rowLayers is ignored and the model's output layer (the last prunable layer) keeps all
   * its neurons: it only loses the weights that read removed channels.
   */
  readonly structure?: Structure;
}

export interface LayerPruneStats {
  readonly name: string;
  readonly size: number;
  readonly pruned: number;
  readonly included: boolean;
  /** Largest pruned |w| (NaN when nothing is pruned, when pruned by rows, or under a criterion other than magnitude). */
  readonly threshold: number;
  /** For row pruning: rows in the kernel, rows removed, and the largest removed row norm. */
  readonly rows: { readonly total: number; readonly pruned: number; readonly threshold: number } | null;
  /** For channel pruning: output channels, channels removed, and the largest removed channel score. */
  readonly channels: { readonly total: number; readonly pruned: number; readonly threshold: number } | null;
  /** Kept weights zeroed because they read a removed channel of the previous layer. */
  readonly deadInputs: number;
  /** Why a layer is pruned differently from the request, e.g. the output layer under 'channels'. */
  readonly note: string | null;
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
  /** The importance criterion the scores came from. */
  readonly criterion: Criterion;
  readonly structure: Structure;
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
  /**
   * Channel pruning only: per layer, the output-channel mask (1 keep), or null for layers
   * pruned by weight (the output layer); empty for 'weights'.
   */
  readonly channelMasks: readonly (Uint8Array | null)[];
  /** Masks of biases, keyed by weight name (e.g. "fc1/bias"): removed channels lose their bias. */
  readonly biasMasks: ReadonlyMap<string, Uint8Array>;
  /**
   * anchor ⊙ mask per prunable kernel, keyed by weight name (e.g. "fc1/kernel"), plus the
   * masked biases of channel-pruned layers; built on first use.
   */
  readonly kernels: ReadonlyMap<string, Float32Array>;
}

export interface ControllerOptions {
  /** Per-layer importance scores (same order and sizes as the kernels); default |w|. */
  readonly scores?: readonly Float32Array[];
  /** The criterion the scores came from (reported in stats); default 'magnitude'. */
  readonly criterion?: Criterion;
}

export { expandRows, rowNorms } from './rows';

export const HISTOGRAM_BINS = 41;

/** One layer's masks and how they were chosen (weights, rows or channels). */
interface LayerMasks extends ChannelLayerResult {
  /** Largest pruned weight score (NaN for row or channel pruning). */
  readonly threshold: number;
  readonly rows: LayerPruneStats['rows'];
}

interface MaskSet {
  readonly layers: readonly LayerMasks[];
  readonly biasMasks: ReadonlyMap<string, Uint8Array>;
}

export class PruneController {
  private readonly plan: PruningPlan;
  /** Row norms of every kernel, one plan layer per model layer (built lazily: only row pruning uses it). */
  private rowPlan: PruningPlan | null = null;
  /** Channel score sums per layer (built lazily: only channel pruning uses them). */
  private channelSums: Float32Array[] | null = null;
  private readonly kernels: Float32Array[];
  private readonly specs: HistogramSpec[];
  private readonly allCounts: Uint32Array[];
  readonly anchorSparsity: number;

  readonly criterion: Criterion;
  private readonly scores: readonly Float32Array[];

  constructor(
    readonly layers: readonly string[],
    readonly anchor: WeightSnapshot,
    options: ControllerOptions = {},
  ) {
    this.kernels = layerKernels(anchor, layers);
    this.criterion = options.criterion ?? 'magnitude';
    const scores = options.scores ?? this.kernels.map(magnitudeScores);
    if (scores.length !== layers.length || scores.some((s, i) => s.length !== this.kernels[i].length)) {
      throw new RangeError('scores must match the prunable kernels one to one');
    }
    this.scores = scores;
    this.plan = PruningPlan.create(layers.map((name, i) => ({ name, scores: scores[i] })));
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

  private channelInputs(): ChannelLayerInput[] {
    return this.layers.map((name, i) => ({
      name,
      shape: this.anchor.shapes[this.anchor.names.indexOf(kernelName(name))],
      scores: this.scores[i],
      hasBias: this.anchor.names.includes(`${name}/bias`),
    }));
  }

  private computeChannels(request: PruneRequest): MaskSet {
    const inputs = this.channelInputs();
    this.channelSums ??= layerChannelSums(inputs);
    const req = { rate: request.rate, scope: request.scope, include: new Set(request.include), cap: request.cap };
    const outcome = channelMasks(inputs, this.channelSums, req);
    return { layers: outcome.layers.map((l) => ({ ...l, threshold: NaN, rows: null })), biasMasks: outcome.biasMasks };
  }

  private computeWeights(request: PruneRequest): MaskSet {
    const include = new Set(request.include);
    const byRows = new Set((request.rowLayers ?? []).filter((l) => include.has(l)));
    const result = this.plan.masks({
      rate: request.rate,
      scope: request.scope,
      include: new Set([...include].filter((l) => !byRows.has(l))),
      maxLayerSparsity: request.scope === 'global' && request.cap !== null ? request.cap : undefined,
    });
    const rows = byRows.size > 0 ? this.getRowPlan().masks({ rate: request.rate, scope: 'layer', include: byRows }) : null;
    const layers = this.layers.map((name, i): LayerMasks => {
      const rowMask = rows && byRows.has(name) ? rows.masks[i] : null;
      return {
        mask: rowMask ? expandRows(rowMask, this.kernels[i].length) : result.masks[i],
        channelMask: null,
        // A weight threshold only for |w|: other criteria's thresholds are scores, not weights.
        threshold: rowMask || this.criterion !== 'magnitude' ? NaN : result.thresholds[i],
        rows: rowMask && rows ? { total: rowMask.length, pruned: countZeros(rowMask), threshold: rows.thresholds[i] } : null,
        channels: null,
        deadInputs: 0,
        note: null,
      };
    });
    return { layers, biasMasks: new Map() };
  }

  compute(request: PruneRequest): PruneOutcome {
    const structure = request.structure ?? 'weights';
    const include = new Set(request.include);
    const outcome = structure === 'channels' ? this.computeChannels(request) : this.computeWeights(request);
    const masks = outcome.layers.map((l) => l.mask);
    const layers = this.layers.map((name, i): LayerPruneStats => {
      const l = outcome.layers[i];
      return {
        name,
        size: l.mask.length,
        pruned: countZeros(l.mask),
        included: include.has(name),
        threshold: l.threshold,
        rows: l.rows,
        channels: l.channels,
        deadInputs: l.deadInputs,
        note: l.note,
        histogram: { spec: this.specs[i], all: this.allCounts[i], kept: histogram(this.kernels[i], this.specs[i], l.mask) },
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
    const anchor = this.anchor;
    const biasMasks = outcome.biasMasks;
    return {
      stats: {
        request,
        criterion: this.criterion,
        structure,
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
      channelMasks: structure === 'channels' ? outcome.layers.map((l) => l.channelMask) : [],
      biasMasks,
      get kernels() {
        kernels ??= new Map([
          ...names.map((name, i): [string, Float32Array] => [kernelName(name), applyMask(anchorKernels[i], masks[i])]),
          ...[...biasMasks].map(([name, m]): [string, Float32Array] => [name, applyMask(anchor.values[anchor.names.indexOf(name)], m)]),
        ]);
        return kernels;
      },
    };
  }
}
