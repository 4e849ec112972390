import { describe, expect, it } from 'vitest';
import type { WeightSnapshot } from './apply';
import { expandRows, PruneController, rowNorms } from './controller';

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
    const half = c.compute({ rate: 0.5, scope: 'layer', include: layers, cap: null });
    expect(half.stats.layers.map((l) => l.pruned)).toEqual([6, 4]);
    expect(half.kernels.get('fc/kernel')).toEqual(Float32Array.from([0, -0.8, 0, 0, 0.5, 0, -0.6, 0.7]));
    const none = c.compute({ rate: 0, scope: 'layer', include: layers, cap: null });
    expect(none.kernels.get('fc/kernel')).toEqual(snapshot.values[1]);
    expect(none.stats.sparsity).toBe(0);
  });

  it('prunes whole rows by L2 norm, per layer, whatever the scope', () => {
    expect(Array.from(rowNorms(snapshot.values[0], 4))).toEqual([1, 5, 2, 0.5]);
    const c = new PruneController(layers, snapshot);
    const out = c.compute({ rate: 0.5, scope: 'global', include: layers, cap: null, rowLayers: ['emb'] });
    // rows 3 (0.5) and 0 (1) go; rows 1 and 2 stay whole
    expect(Array.from(out.kernels.get('emb/kernel') ?? [])).toEqual([0, 0, 0, 3, 4, 0, 0, 2, 0, 0, 0, 0]);
    const emb = out.stats.layers[0];
    expect(emb.rows).toEqual({ total: 4, pruned: 2, threshold: 1 });
    expect(emb.pruned).toBe(6);
    expect(Number.isNaN(emb.threshold)).toBe(true);
    // the returned mask (held during fine-tuning) is the row mask, expanded to weights
    expect(Array.from(out.masks[0])).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0]);
    // fc follows the global plan among the weight-level layers: 4 of its 8 weights
    expect(out.stats.layers[1].pruned).toBe(4);
    expect(out.stats.layers[1].rows).toBeNull();
  });

  it('leaves excluded layers whole, and row pruning of an excluded layer does nothing', () => {
    const c = new PruneController(layers, snapshot);
    const out = c.compute({ rate: 0.75, scope: 'layer', include: ['fc'], cap: null, rowLayers: ['emb'] });
    expect(out.kernels.get('emb/kernel')).toEqual(snapshot.values[0]);
    expect(out.stats.layers[0]).toMatchObject({ included: false, pruned: 0, rows: null });
    expect(out.stats.pruned).toBe(6);
    expect(out.stats).toMatchObject({ selected: 8, selectedPruned: 6, prunable: 20 });
    expect(out.stats.sparsity).toBeCloseTo(6 / 8);
    expect(out.stats.sparsityAll).toBeCloseTo(6 / 20);
  });

  it("reports the anchor's own zeros and leaves them out of its histogram", () => {
    const c = new PruneController(layers, snapshot);
    expect(c.anchorSparsity).toBeCloseTo(7 / 20); // seven zeros in the embedding
    const stats = c.compute({ rate: 0, scope: 'layer', include: layers, cap: null }).stats;
    const total = stats.layers[0].histogram.all.reduce((a, b) => a + b, 0);
    expect(total).toBe(5);
  });

  it('expandRows repeats each row flag across its columns', () => {
    expect(Array.from(expandRows(Uint8Array.from([1, 0, 1]), 6))).toEqual([1, 1, 0, 0, 1, 1]);
  });
});
