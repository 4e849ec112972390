// What the speed measurement reports (sparseSpeed.ts) and how it reads on screen: plain
// numbers and text, no tfjs, so the page can format a report the worker sent.
//
// Why this file exists: the readout, the bench and the scripts print the same sentence.

export interface LayerSpeed {
  readonly name: string;
  /** Nonzero and all weights of the layer's kernel. */
  readonly kept: number;
  readonly total: number;
  /** Multiply-adds per image of the dense layer. */
  readonly macs: number;
  /** True when the layer runs on the sparse kernel. */
  readonly sparse: boolean;
  /** Fastest time of one batch through the layer alone, dense kernels and sparse kernels. */
  readonly denseMs: number;
  readonly sparseMs: number;
}

export interface SparseSpeed {
  readonly examples: number;
  readonly batchSize: number;
  readonly denseImagesPerSec: number;
  readonly sparseImagesPerSec: number;
  /** sparse / dense images per second. */
  readonly measured: number;
  /** Dense multiply-adds over kept multiply-adds of the conv and dense layers. */
  readonly ideal: number;
  readonly layers: LayerSpeed[];
}

/** Ideal speed-up from the multiply-adds of the conv and dense layers (Infinity for an all-zero model). */
export function idealSpeedup(layers: readonly Pick<LayerSpeed, 'kept' | 'total' | 'macs'>[]): number {
  const dense = layers.reduce((s, l) => s + l.macs, 0);
  const kept = layers.reduce((s, l) => s + (l.macs * l.kept) / l.total, 0);
  return kept > 0 ? dense / kept : Infinity;
}

/** "2.1× measured, 3.0× ideal" and, per layer, "fc1: sparse 5.2× (ideal 12.5×)". */
export function speedText(s: SparseSpeed): { summary: string; layers: string[] } {
  const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(1)}×` : '∞');
  return {
    summary: `${x(s.measured)} measured, ${x(s.ideal)} ideal`,
    layers: s.layers.map((l) => `${l.name}: ${l.sparse ? 'sparse' : 'dense'} ${x(l.denseMs / l.sparseMs)} (ideal ${x(l.kept > 0 ? l.total / l.kept : Infinity)}, ${((100 * l.kept) / l.total).toFixed(0)} % kept)`),
  };
}
