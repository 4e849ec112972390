// The one view of the model on screen: per-layer sizes, zeros and histograms, and the
// sparsity totals, derived from the pruned kernels' actual zeros (PruneStats) in this one
// place. Every readout (achieved sparsity, non-zeros, layer bars, histograms, compare
// panel, checkpoint labels) reads a ModelView, so two readouts cannot disagree. Plain data:
// it crosses the thread as is.

import type { Criterion, PruneMethod, Structure } from '../method';
import { sparsityTotals, type LayerCount, type SparsityTotals } from '../weights';
import type { PruneStats } from './controller';
import type { LayerPruneDetail } from './layerStats';

/** One layer on screen: its counts (zeros, selected) and what the pruning did to it. */
export interface LayerView extends LayerCount, LayerPruneDetail {
  /** Largest |w| this pruning removed beyond the checkpoint's own zeros (null when none, or not pruned by magnitude of single weights). */
  readonly threshold: number | null;
}

export interface ModelView {
  /** Grows by one every time the model on screen changes; measurements name the view they measured. */
  readonly seq: number;
  /** The checkpoint the masks were applied to. */
  readonly anchorId: number;
  /** The method the masks came from (its rate is a request; the totals are what it achieved). */
  readonly method: PruneMethod;
  readonly criterion: Criterion;
  readonly structure: Structure;
  readonly layers: readonly LayerView[];
  /** Over the selected layers: what the slider controls and the headline figures show. */
  readonly selected: SparsityTotals;
  /** Over every prunable layer, selected or not. */
  readonly all: SparsityTotals;
  /** Zeros the anchor already held (over every prunable layer). */
  readonly anchorSparsity: number;
  /** The rate asked for fewer zeros than the anchor's selected layers hold: they were kept. */
  readonly belowAnchor: boolean;
}

/** The view of a pruning outcome. Cached arrays are copied so the view can be transferred. */
export function modelView(stats: PruneStats, seq: number, anchorId: number): ModelView {
  const layers = stats.layers.map((l): LayerView => ({
    name: l.name,
    size: l.size,
    zeros: l.pruned,
    selected: l.included,
    threshold: Number.isFinite(l.threshold) ? l.threshold : null,
    rows: l.rows,
    channels: l.channels,
    deadInputs: l.deadInputs,
    note: l.note,
    histogram: { spec: l.histogram.spec, all: l.histogram.all.slice(), kept: l.histogram.kept },
  }));
  return {
    seq,
    anchorId,
    method: stats.method,
    criterion: stats.criterion,
    structure: stats.structure,
    layers,
    selected: sparsityTotals(layers, 'selected'),
    all: sparsityTotals(layers, 'all'),
    anchorSparsity: stats.anchorSparsity,
    belowAnchor: stats.belowAnchor,
  };
}

/** The share of a layer's weights that are zero (0 for an empty layer). */
export function layerSparsity(layer: Pick<LayerCount, 'size' | 'zeros'>): number {
  return layer.size ? layer.zeros / layer.size : 0;
}

/** Layers left with less than this share of their weights get a warning beside the slider. */
export const NEARLY_EMPTY = 0.01;

/** Selected layers that keep under NEARLY_EMPTY of their weights (a silent collapse). */
export function nearlyEmptyLayers(view: Pick<ModelView, 'layers'>): readonly LayerView[] {
  return view.layers.filter((l) => l.selected && l.size > 0 && (l.size - l.zeros) / l.size < NEARLY_EMPTY);
}
