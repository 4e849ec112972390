// What a pruning did to one layer beyond its weight counts (rows or channels removed, dead
// inputs, a note, the histograms): defined once, shared by the controller's stats and the
// view on screen, which differ only in how they count and name the rest.

import type { HistogramSpec } from './histogram';

/** Whole rows or channels of a layer: how many there are, how many were removed, the largest removed score. */
export interface RemovedUnits {
  readonly total: number;
  readonly pruned: number;
  readonly threshold: number;
}

export interface LayerPruneDetail {
  /** For row pruning: rows in the kernel, rows removed, and the largest removed row norm. */
  readonly rows: RemovedUnits | null;
  /** For channel pruning: output channels, channels removed, and the largest removed channel score. */
  readonly channels: RemovedUnits | null;
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
