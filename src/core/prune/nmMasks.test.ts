// N:M masks: the exact pattern on dense and conv kernels (groups along the fan-in, input
// channel fastest), partial groups, ties, and the controller's 'nm' structure with layer
// selection, scope, criteria and a pruned anchor.

import { describe, expect, it } from 'vitest';
import { PruneController } from './controller';
import { chainFanInOrders, checkNm, fanInOut, keptInGroup, nchwFlattenOrder, nmMask, nmNote, nmPrunedCount, nmSpec } from './nmMasks';
import { methodFor, NM_PATTERNS } from '../method';
import type { WeightSnapshot } from '../weights';

/** Deterministic scores in (0, 1) without ties. */
function scores(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) / 2 ** 24 + 1e-7;
  });
}

describe('nmMask', () => {
  it('keeps exactly N of every M along the input of each output (dense [in, out])', () => {
    // [8, 2] kernel: output 0 reads column 0, output 1 column 1; groups are inputs 0–3 and 4–7.
    const s = Float32Array.from([
      /* in 0 */ 0.9, 0.1, /* in 1 */ 0.2, 0.2, /* in 2 */ 0.5, 0.3, /* in 3 */ 0.1, 0.4,
      /* in 4 */ 0.3, 0.9, /* in 5 */ 0.8, 0.8, /* in 6 */ 0.7, 0.1, /* in 7 */ 0.6, 0.2,
    ]);
    const mask = nmMask(s, [8, 2], nmSpec('2:4'));
    const column = (o: number) => Array.from({ length: 8 }, (_, f) => mask[f * 2 + o]);
    expect(column(0)).toEqual([1, 0, 1, 0, 0, 1, 1, 0]);
    expect(column(1)).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
  });

  it('groups a conv kernel [kh, kw, in, out] along the input channels first', () => {
    // 1×2 kernel, 4 input channels, 1 output: fan-in order is (kw 0: c0..c3), (kw 1: c0..c3).
    const s = Float32Array.from([4, 3, 2, 1, 1, 2, 3, 4]);
    expect(Array.from(nmMask(s, [1, 2, 4, 1], nmSpec('2:4')))).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
    expect(Array.from(nmMask(s, [1, 2, 4, 1], nmSpec('1:4')))).toEqual([1, 0, 0, 0, 0, 0, 0, 1]);
    expect(Array.from(nmMask(s, [1, 2, 4, 1], nmSpec('4:8')))).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
  });

  it('every full group of M has exactly M − N zeros, for every pattern, on LeNet-5 shapes', () => {
    for (const pattern of NM_PATTERNS) {
      const spec = nmSpec(pattern);
      for (const shape of [[5, 5, 20, 50], [800, 500], [500, 10], [100, 200]]) {
        const { fanIn, out } = fanInOut(shape);
        const mask = nmMask(scores(fanIn * out, 7), shape, spec);
        let wrong = 0; // full groups whose zero count is not M − N
        for (let o = 0; o < out; o++) {
          for (let g = 0; g + spec.m <= fanIn; g += spec.m) {
            let zeros = 0;
            for (let j = 0; j < spec.m; j++) zeros += mask[(g + j) * out + o] === 0 ? 1 : 0;
            if (zeros !== spec.m - spec.n) wrong++;
          }
        }
        expect(wrong).toBe(0);
        const zeros = mask.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
        expect(zeros).toBe(nmPrunedCount(shape, spec));
        expect(checkNm(mask, shape, spec).violations).toBe(0);
      }
    }
  });

  it('a partial last group of s keeps ceil(N·s/M): conv1 (25 weights per filter) under 2:4 and 4:8', () => {
    const shape = [5, 5, 1, 20];
    expect(keptInGroup(nmSpec('2:4'), 1)).toBe(1);
    expect(keptInGroup(nmSpec('4:8'), 1)).toBe(1);
    expect(keptInGroup(nmSpec('1:4'), 3)).toBe(1);
    expect(keptInGroup(nmSpec('4:8'), 5)).toBe(3);
    // 2:4 → 6 full groups lose 2 each, the group of 1 loses none: 12 of 25 per filter.
    expect(nmPrunedCount(shape, nmSpec('2:4'))).toBe(20 * 12);
    // 4:8 → 3 full groups lose 4 each, the group of 1 loses none.
    expect(nmPrunedCount(shape, nmSpec('4:8'))).toBe(20 * 12);
    // 1:4 → 6 × 3 = 18, the group of 1 keeps ceil(1/4) = 1.
    expect(nmPrunedCount(shape, nmSpec('1:4'))).toBe(20 * 18);
    const mask = nmMask(scores(500, 3), shape, nmSpec('2:4'));
    for (let o = 0; o < 20; o++) expect(mask[24 * 20 + o]).toBe(1); // position 24 is the group of 1
    expect(nmNote(shape, nmSpec('2:4'))).toMatch(/fan-in 25 is not a multiple of 4: .*last group of 1 keeps 1/);
    expect(nmNote([800, 500], nmSpec('2:4'))).toBeNull();
  });

  it('breaks ties by fan-in position (the lower goes first) and rejects a wrong shape', () => {
    expect(Array.from(nmMask(new Float32Array(4).fill(1), [4, 1], nmSpec('2:4')))).toEqual([0, 0, 1, 1]);
    expect(() => nmMask(new Float32Array(6), [4, 2], nmSpec('2:4'))).toThrow(RangeError);
  });

  it('checkNm counts groups that hold too many non-zeros', () => {
    const values = Float32Array.from([1, 2, 0, 0, 3, 4, 5, 0]);
    expect(checkNm(values, [8, 1], nmSpec('2:4'))).toEqual({ groups: 2, violations: 1, nonZero: 5 });
  });

  it('groups a dense layer after a flatten in NCHW order: M consecutive inputs of the exported kernel', () => {
    // 2 channels × 4 positions, stored NHWC (row p·2 + c); NCHW input k = c·4 + p
    const order = nchwFlattenOrder(2, 4);
    expect(Array.from(order)).toEqual([0, 2, 4, 6, 1, 3, 5, 7]);
    // channel 0 holds scores 1..4, channel 1 scores 10..40: stored NHWC they interleave
    const s = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40]);
    // NCHW groups: {c0: 1, 2, 3, 4} keeps 3 and 4; {c1: 10..40} keeps 30 and 40
    expect(Array.from(nmMask(s, [8, 1], nmSpec('2:4'), order))).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    // grouped as stored, each group would keep channel 1 only
    expect(Array.from(nmMask(s, [8, 1], nmSpec('2:4')))).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(checkNm(Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), [8, 1], nmSpec('2:4'), order).violations).toBe(0);
    expect(checkNm(Float32Array.from([0, 0, 0, 0, 1, 1, 1, 1]), [8, 1], nmSpec('2:4')).violations).toBe(1);
    expect(() => checkNm(new Float32Array(8), [8, 1], nmSpec('2:4'), nchwFlattenOrder(2, 2))).toThrow(RangeError);
  });

  it('chainFanInOrders gives NCHW only to a dense kernel reading a conv map of several positions', () => {
    const orders = chainFanInOrders([[5, 5, 1, 20], [5, 5, 20, 50], [800, 500], [500, 10]]);
    expect(orders.map((o) => o?.length ?? null)).toEqual([null, null, 800, null]);
    expect(orders[2]).toEqual(nchwFlattenOrder(50, 16));
    // a dense after a conv map of one position (1×1) and an embedding table keep their order
    expect(chainFanInOrders([[3, 3, 2, 8], [8, 4]])).toEqual([null, null]);
    expect(chainFanInOrders([[1000, 16], [16, 8], [8, 1]])).toEqual([null, null, null]);
  });
});

describe("PruneController with structure 'nm'", () => {
  const shapes = [[2, 2, 4, 3], [48, 5], [5, 2]];
  const names = ['c', 'd', 'out'];
  // d reads c's map of 3 channels × 16 positions flattened: its groups run in NCHW order
  const orders = chainFanInOrders(shapes);
  const snapshot: WeightSnapshot = {
    names: [...names.map((n) => `${n}/kernel`), 'd/bias'],
    shapes: [...shapes, [5]],
    values: [...shapes.map((s, i) => scores(s.reduce((a, b) => a * b, 1), i + 11).map((v) => v - 0.5)), new Float32Array(5).fill(1)],
  };

  it('gives each selected layer the exact pattern and leaves unselected layers whole', () => {
    const c = new PruneController(names, snapshot);
    const out = c.compute(methodFor(['c', 'd'], { structure: 'nm', nm: '2:4' }));
    expect(out.stats.structure).toBe('nm');
    expect(out.stats.layers.map((l) => l.pruned)).toEqual([24, 120, 0]);
    expect(out.stats.sparsity).toBe(0.5);
    expect(out.kernels.get('out/kernel')).toEqual(snapshot.values[2]);
    expect(out.stats.layers[2].note).toBeNull();
    for (const [i, shape] of shapes.slice(0, 2).entries()) {
      const check = checkNm(out.kernels.get(`${names[i]}/kernel`) ?? new Float32Array(0), shape, nmSpec('2:4'), orders[i]);
      expect(check.violations).toBe(0);
      expect(check.nonZero).toBe(check.groups * 2);
    }
    // the masks held in fine-tuning are the pattern itself
    expect(Array.from(out.masks[1])).toEqual(Array.from(nmMask(Float32Array.from(snapshot.values[1], Math.abs), shapes[1], nmSpec('2:4'), orders[1])));
  });

  it('ignores rate, scope and cap (the pattern fixes the sparsity) and reports the partial-group note', () => {
    const c = new PruneController(names, snapshot);
    const a = c.compute(methodFor(names, { structure: 'nm', nm: '1:4', rate: 0.1, scope: 'layer' }));
    const b = c.compute(methodFor(names, { structure: 'nm', nm: '1:4', rate: 0.9, scope: 'global', cap: 0.2 }));
    expect(b.masks).toEqual(a.masks);
    // out: fan-in 5 = one group of 4 (keeps 1) + a group of 1 (keeps 1): 3 zeros per output
    expect(a.stats.layers.map((l) => l.pruned)).toEqual([36, 180, 6]);
    expect(a.stats.layers[2].note).toMatch(/fan-in 5/);
    expect(a.stats.selectedPruned).toBe(nmPrunedCount(shapes[0], nmSpec('1:4')) + nmPrunedCount(shapes[1], nmSpec('1:4')) + 6);
  });

  it('follows the criterion: random scores give another pattern, still exact', () => {
    const random = shapes.map((s, i) => scores(s.reduce((a, b) => a * b, 1), 100 + i));
    const c = new PruneController(names, snapshot, { scores: random, criterion: 'random' });
    const byRandom = c.compute(methodFor(names, { structure: 'nm' }));
    const byMagnitude = new PruneController(names, snapshot).compute(methodFor(names, { structure: 'nm' }));
    expect(byRandom.masks[1]).not.toEqual(byMagnitude.masks[1]);
    expect(byRandom.masks[1]).toEqual(nmMask(random[1], shapes[1], nmSpec('2:4'), orders[1]));
  });

  it('keeps the zeros of a pruned anchor: a group never regains a weight', () => {
    const sparse = { ...snapshot, values: snapshot.values.map((v, i) => (i === 1 ? v.map((x, j) => (j % 3 === 0 ? 0 : x)) : v)) };
    const c = new PruneController(names, sparse);
    const out = c.compute(methodFor(['d'], { structure: 'nm', nm: '2:4' }));
    const kernel = out.kernels.get('d/kernel') ?? new Float32Array(0);
    for (let j = 0; j < kernel.length; j += 3) expect(kernel[j]).toBe(0);
    expect(checkNm(kernel, shapes[1], nmSpec('2:4'), orders[1]).violations).toBe(0);
    expect(out.stats.layers[1].pruned).toBeGreaterThanOrEqual(120);
    // the anchor already has a third zeros, fewer than the pattern's half: not "below the anchor"
    expect(out.stats.belowAnchor).toBe(false);
  });
});
