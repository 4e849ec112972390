// Pruning from an anchor checkpoint (docs/architecture.md, "a slider move"): scores and a
// PruningPlan are built once per anchor; each slider move derives masks, per-layer counts
// and histograms in O(n) plain-array work, so dragging stays interactive. Dragging back
// restores weights because masks are always applied to the anchor, never to already-pruned
// weights. Scores come from a criterion (criteria/; |w| unless given); the method's
// structure picks single weights (or embedding rows), whole channels (channelMasks.ts) or N
// of every M weights along each kernel's input dimension (nmMasks.ts: rate, scope and row
// layers do not apply there; every selected layer gets the pattern). Every count in the
// stats is of the pruned kernels' actual zeros: a rate below the anchor's own sparsity
// keeps the anchor's zeros, and the stats say so.

import { symmetricSpec, histogram, type HistogramSpec } from './histogram';
import { channelMasks, layerChannelSums, type ChannelLayerInput, type ChannelLayerResult } from './channelMasks';
import { applyMask, countZeros, largestPrunedMagnitude, PruningPlan, targetCount } from './masks';
import { expandRows, rowNorms } from './rows';
import { chainFanInOrders, nmMask, nmNote, nmPrunedCount, nmSpec } from './nmMasks';
import { criterionUnit, magnitudeScores } from '../criteria';
import type { LayerPruneDetail } from './layerStats';
import { effectiveCap, type Criterion, type PruneMethod, type Structure } from '../method';
import { biasName, kernelName, kernelShape, layerKernels, weightValues, type WeightSnapshot } from '../weights';

export interface LayerPruneStats extends LayerPruneDetail {
  readonly name: string;
  readonly size: number;
  /** Zeros in the pruned kernel (anchor ⊙ mask): the mask's zeros and any zeros the anchor already had. */
  readonly pruned: number;
  readonly included: boolean;
  /** Largest |w| this mask zeroes beyond the anchor's zeros (NaN when none, when pruned by rows, or when the scores are not |w|). */
  readonly threshold: number;
}

export interface PruneStats {
  readonly method: PruneMethod;
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
  /** The rate asks for fewer zeros than the selected layers of the anchor already hold: they are kept. */
  readonly belowAnchor: boolean;
  readonly layers: readonly LayerPruneStats[];
}

export interface PruneOutcome {
  readonly stats: PruneStats;
  /** Per prunable layer, 1 keep / 0 zero: the criterion's mask and the anchor's own zeros. */
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
  /** Zeros each anchor kernel already has. */
  private readonly anchorZeros: number[];
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
    this.anchorZeros = nonZero.map(countZeros);
    this.anchorSparsity = this.anchorZeros.reduce((s, z) => s + z, 0) / this.kernels.reduce((s, k) => s + k.length, 0);
  }

  private rowCount(i: number): number {
    const shape = kernelShape(this.anchor, this.layers[i]);
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
      shape: kernelShape(this.anchor, name),
      scores: this.scores[i],
      hasBias: this.anchor.names.includes(biasName(name)),
    }));
  }

  private computeChannels(method: PruneMethod): MaskSet {
    const inputs = this.channelInputs();
    this.channelSums ??= layerChannelSums(inputs);
    const req = { rate: method.rate, scope: method.scope, include: new Set(method.layers), cap: effectiveCap(method) };
    const outcome = channelMasks(inputs, this.channelSums, req);
    return { layers: outcome.layers.map((l) => ({ ...l, threshold: NaN, rows: null })), biasMasks: outcome.biasMasks };
  }

  private computeWeights(method: PruneMethod): MaskSet {
    const include = new Set(method.layers);
    const byRows = new Set(method.rowLayers.filter((l) => include.has(l)));
    const cap = effectiveCap(method);
    const result = this.plan.masks({
      rate: method.rate,
      scope: method.scope,
      include: new Set([...include].filter((l) => !byRows.has(l))),
      maxLayerSparsity: cap ?? undefined,
    });
    const rows = byRows.size > 0 ? this.getRowPlan().masks({ rate: method.rate, scope: 'layer', include: byRows }) : null;
    const layers = this.layers.map((name, i): LayerMasks => {
      const rowMask = rows && byRows.has(name) ? rows.masks[i] : null;
      return {
        mask: rowMask ? expandRows(rowMask, this.kernels[i].length) : result.masks[i],
        channelMask: null,
        // A weight threshold only when the scores are |w|: other criteria's thresholds are scores, not weights.
        threshold: rowMask || !criterionUnit(this.criterion).scoresAreMagnitudes ? NaN : result.thresholds[i],
        rows: rowMask && rows ? { total: rowMask.length, pruned: countZeros(rowMask), threshold: rows.thresholds[i] } : null,
        channels: null,
        deadInputs: 0,
        note: null,
      };
    });
    return { layers, biasMasks: new Map() };
  }

  /** N:M: each selected layer's groups keep their N best-scored weights; the others keep all. */
  private computeNm(method: PruneMethod): MaskSet {
    const spec = nmSpec(method.nm);
    const include = new Set(method.layers);
    // groups in the exported (NCHW) layout: a dense layer after a flatten reads its inputs channel first
    const orders = chainFanInOrders(this.layers.map((name) => kernelShape(this.anchor, name)));
    const layers = this.layers.map((name, i): LayerMasks => {
      const shape = kernelShape(this.anchor, name);
      const on = include.has(name);
      const mask = on ? nmMask(this.scores[i], shape, spec, orders[i]) : new Uint8Array(this.kernels[i].length).fill(1);
      return { mask, channelMask: null, threshold: NaN, rows: null, channels: null, deadInputs: 0, note: on ? nmNote(shape, spec) : null };
    });
    return { layers, biasMasks: new Map() };
  }

  /** Zeros `method` asks of the selected layers: round(rate · n), or the N:M pattern's count. */
  private targetZeros(method: PruneMethod, selected: number): number {
    if (method.structure !== 'nm') return targetCount(method.rate, selected);
    const spec = nmSpec(method.nm);
    return this.layers.reduce((s, name) => s + (method.layers.includes(name) ? nmPrunedCount(kernelShape(this.anchor, name), spec) : 0), 0);
  }

  /** Masks, stats and (lazily) the pruned kernels of `method` from this anchor. */
  compute(method: PruneMethod): PruneOutcome {
    const structure = method.structure;
    const include = new Set(method.layers);
    const outcome =
      structure === 'channels' ? this.computeChannels(method) : structure === 'nm' ? this.computeNm(method) : this.computeWeights(method);
    // The anchor's zeros stay zeros whatever the mask keeps: the mask held in fine-tuning says so too.
    const masks = outcome.layers.map((l, i) => keepNonZero(l.mask, this.kernels[i]));
    const layers = this.layers.map((name, i): LayerPruneStats => {
      const l = outcome.layers[i];
      return {
        name,
        size: masks[i].length,
        pruned: countZeros(masks[i]),
        included: include.has(name),
        threshold: Number.isFinite(l.threshold) ? largestPrunedMagnitude(this.kernels[i], masks[i]) : NaN,
        rows: l.rows,
        channels: l.channels,
        deadInputs: l.deadInputs,
        note: l.note,
        histogram: { spec: this.specs[i], all: this.allCounts[i], kept: histogram(this.kernels[i], this.specs[i], masks[i]) },
      };
    });
    const sum = (list: readonly LayerPruneStats[], f: (l: LayerPruneStats) => number) => list.reduce((s, l) => s + f(l), 0);
    const prunable = sum(layers, (l) => l.size);
    const pruned = sum(layers, (l) => l.pruned);
    const chosen = layers.filter((l) => l.included);
    const selected = sum(chosen, (l) => l.size);
    const selectedPruned = sum(chosen, (l) => l.pruned);
    const anchorSelectedZeros = this.layers.reduce((s, name, i) => s + (include.has(name) ? this.anchorZeros[i] : 0), 0);
    // Slider moves need only the stats; the pruned kernels are materialised when used.
    let kernels: Map<string, Float32Array> | null = null;
    const anchorKernels = this.kernels;
    const names = this.layers;
    const anchor = this.anchor;
    const biasMasks = outcome.biasMasks;
    return {
      stats: {
        method,
        criterion: this.criterion,
        structure,
        prunable,
        pruned,
        selected,
        selectedPruned,
        sparsity: selected ? selectedPruned / selected : 0,
        sparsityAll: pruned / prunable,
        anchorSparsity: this.anchorSparsity,
        belowAnchor: selected > 0 && this.targetZeros(method, selected) < anchorSelectedZeros,
        layers,
      },
      masks,
      channelMasks: structure === 'channels' ? outcome.layers.map((l) => l.channelMask) : [],
      biasMasks,
      get kernels() {
        kernels ??= new Map([
          ...names.map((name, i): [string, Float32Array] => [kernelName(name), applyMask(anchorKernels[i], masks[i])]),
          ...[...biasMasks].map(([name, m]): [string, Float32Array] => [name, applyMask(weightValues(anchor, name), m)]),
        ]);
        return kernels;
      },
    };
  }
}

/** `mask` with every weight that is already zero in `kernel` marked pruned (the same array when there is none). */
function keepNonZero(mask: Uint8Array, kernel: Float32Array): Uint8Array {
  let out: Uint8Array | null = null;
  for (let i = 0; i < kernel.length; i++) {
    if (kernel[i] === 0 && mask[i] === 1) {
      out ??= Uint8Array.from(mask);
      out[i] = 0;
    }
  }
  return out ?? mask;
}

