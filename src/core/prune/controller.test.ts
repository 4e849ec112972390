import { describe, expect, it } from 'vitest';
import { expandRows, PruneController, rowNorms } from './controller';
import type { WeightSnapshot } from '../weights';
import { methodFor } from '../method';

// emb: 4 rows × 3 (row norms 1, 5, 2, 0.5); fc: 2 × 4 weights; bias untouched.
const snapshot: WeightSnapshot = {
  names: ['emb/kernel', 'fc/kernel', 'fc/bias'],
  shapes: [[4, 3], [2, 4], [4]],
  values: [
    Float32Array.from([1, 0, 0, 3, 4, 0, 0, 2, 0, 0.5, 0, 0]),
    Float32Array.from([0.1, -0.8, 0.3, -0.2, 0.5, 0.05, -0.6, 0.7]),
    Float32Array.from([1, 1, 1, 1]),
  ],
};
const layers = ['emb', 'fc'];

describe('PruneController', () => {
  it('prunes per layer from the anchor and restores it at rate 0', () => {
    const c = new PruneController(layers, snapshot);
    const half = c.compute(methodFor(layers, { rate: 0.5, scope: 'layer', cap: null }));
    // emb's mask removes 6 weights, all zeros already; its seventh zero stays a zero: 7 zeros in all.
    expect(half.stats.layers.map((l) => l.pruned)).toEqual([7, 4]);
    expect(half.kernels.get('fc/kernel')).toEqual(Float32Array.from([0, -0.8, 0, 0, 0.5, 0, -0.6, 0.7]));
    const none = c.compute(methodFor(layers, { rate: 0, scope: 'layer', cap: null }));
    expect(none.kernels.get('fc/kernel')).toEqual(snapshot.values[1]);
    expect(none.stats.sparsity).toBeCloseTo(7 / 20); // rate 0 is the anchor as it is, with its own zeros
  });

  it('prunes whole rows by L2 norm, per layer, whatever the scope', () => {
    expect(Array.from(rowNorms(snapshot.values[0], 4))).toEqual([1, 5, 2, 0.5]);
    const c = new PruneController(layers, snapshot);
    const out = c.compute(methodFor(layers, { rate: 0.5, scope: 'global', cap: null, rowLayers: ['emb'] }));
    // rows 3 (0.5) and 0 (1) go; rows 1 and 2 stay whole
    expect(Array.from(out.kernels.get('emb/kernel') ?? [])).toEqual([0, 0, 0, 3, 4, 0, 0, 2, 0, 0, 0, 0]);
    const emb = out.stats.layers[0];
    expect(emb.rows).toEqual({ total: 4, pruned: 2, threshold: 1 });
    expect(emb.pruned).toBe(9); // the two rows' 6 weights, and 3 zeros the kept rows already had
    expect(Number.isNaN(emb.threshold)).toBe(true);
    // the returned mask (held during fine-tuning) is the row mask, expanded to weights, with the anchor's zeros held too
    expect(Array.from(out.masks[0])).toEqual([0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0]);
    // fc follows the global plan among the weight-level layers: 4 of its 8 weights
    expect(out.stats.layers[1].pruned).toBe(4);
    expect(out.stats.layers[1].rows).toBeNull();
  });

  it('leaves excluded layers whole, and row pruning of an excluded layer does nothing', () => {
    const c = new PruneController(layers, snapshot);
    const out = c.compute(methodFor(['fc'], { rate: 0.75, scope: 'layer', cap: null, rowLayers: ['emb'] }));
    expect(out.kernels.get('emb/kernel')).toEqual(snapshot.values[0]);
    // an excluded layer keeps every weight, and its own zeros still count as zeros
    expect(out.stats.layers[0]).toMatchObject({ included: false, pruned: 7, rows: null });
    expect(out.stats.pruned).toBe(13);
    expect(out.stats).toMatchObject({ selected: 8, selectedPruned: 6, prunable: 20 });
    expect(out.stats.sparsity).toBeCloseTo(6 / 8);
    expect(out.stats.sparsityAll).toBeCloseTo(13 / 20);
  });

  it("reports the anchor's own zeros and leaves them out of its histogram", () => {
    const c = new PruneController(layers, snapshot);
    expect(c.anchorSparsity).toBeCloseTo(7 / 20); // seven zeros in the embedding
    const stats = c.compute(methodFor(layers, { rate: 0, scope: 'layer', cap: null })).stats;
    const total = stats.layers[0].histogram.all.reduce((a, b) => a + b, 0);
    expect(total).toBe(5);
  });

  it('pruning below a sparse anchor keeps its zeros and says so (stats count actual zeros)', () => {
    // A "checkpoint" whose fc kernel is already 75 % zeros.
    const sparse: WeightSnapshot = { ...snapshot, values: [snapshot.values[0], Float32Array.from([0, 0, 0.3, 0, 0, 0, -0.6, 0]), snapshot.values[2]] };
    const c = new PruneController(['fc'], sparse);
    const low = c.compute(methodFor(['fc'], { rate: 0.25 }));
    expect(low.stats.layers[0].pruned).toBe(6);
    expect(low.stats.sparsity).toBe(0.75);
    expect(low.stats.belowAnchor).toBe(true);
    expect(Array.from(low.masks[0])).toEqual([0, 0, 1, 0, 0, 0, 1, 0]);
    const high = c.compute(methodFor(['fc'], { rate: 0.875 }));
    expect(high.stats.layers[0].pruned).toBe(7);
    expect(high.stats.belowAnchor).toBe(false);
  });

  it('expandRows repeats each row flag across its columns', () => {
    expect(Array.from(expandRows(Uint8Array.from([1, 0, 1]), 6))).toEqual([1, 1, 0, 0, 1, 1]);
  });
});

describe('the magnitude threshold shown on the histograms', () => {
  it('is the largest |w| the mask removes beyond the anchor’s own zeros, never 0 for a checkpoint’s zeros', () => {
    const c = new PruneController(layers, snapshot);
    // emb already has 7 zeros of 12: at 50 % the mask takes only zeros, so nothing was cut at any |w| > 0.
    const half = c.compute(methodFor(layers, { rate: 0.5, scope: 'layer', cap: null }));
    expect(Number.isNaN(half.stats.layers[0].threshold)).toBe(true);
    expect(half.stats.layers[1].threshold).toBe(Math.fround(0.3)); // fc: 0.05, 0.1, -0.2, 0.3 go
    // at 75 % emb loses 9: its 7 zeros, then 0.5 and 1
    const more = c.compute(methodFor(layers, { rate: 0.75, scope: 'layer', cap: null }));
    expect(more.stats.layers[0].threshold).toBe(1);
  });
});
