// Tests for PruningPlan: exact counts, deterministic tie-breaking, caps, exclusions and
// nesting, checked against a brute-force reference (comparator sort per call). Timings
// for LeNet-5 and IMDB sized plans print only with SPEED=1 (never asserted).

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { applyMask, capCount, countZeros, PruningPlan, targetCount, type LayerScores, type MaskOptions } from './masks';

const rng = mulberry32;

/** Scores drawn from a few levels so that ties are everywhere, plus some zeros. */
function tiedLayers(sizes: readonly number[], seed: number, levels = 5): LayerScores[] {
  const r = rng(seed);
  return sizes.map((n, li) => ({ name: `l${li}`, scores: Float32Array.from({ length: n }, () => Math.floor(r() * levels) / levels) }));
}

/** Brute force: sort (score, layer, index) with a comparator, then prune down the order. */
function reference(layers: readonly LayerScores[], o: MaskOptions): { masks: Uint8Array[]; thresholds: number[] } {
  const inc = layers.map((l) => o.include === undefined || o.include.has(l.name));
  const masks = layers.map((l) => new Uint8Array(l.scores.length).fill(1));
  const thresholds = layers.map(() => Number.NaN);
  const prune = (li: number, i: number): void => {
    masks[li][i] = 0;
    thresholds[li] = layers[li].scores[i];
  };
  if (o.scope === 'layer') {
    layers.forEach((l, li) => {
      if (!inc[li]) return;
      const idx = [...l.scores.keys()].sort((a, b) => l.scores[a] - l.scores[b] || a - b);
      idx.slice(0, targetCount(o.rate, idx.length)).forEach((i) => prune(li, i));
    });
    return { masks, thresholds };
  }
  const all: [number, number, number][] = [];
  layers.forEach((l, li) => inc[li] && l.scores.forEach((s, i) => all.push([s, li, i])));
  all.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const left = layers.map((l) => (o.maxLayerSparsity === undefined ? l.scores.length : capCount(o.maxLayerSparsity, l.scores.length)));
  let k = targetCount(o.rate, all.length);
  for (const [, li, i] of all) {
    if (k > 0 && left[li] > 0) {
      left[li]--;
      k--;
      prune(li, i);
    }
  }
  return { masks, thresholds };
}

function prunedSet(masks: readonly Uint8Array[]): Set<string> {
  return new Set(masks.flatMap((m, li) => [...m.keys()].filter((i) => m[i] === 0).map((i) => `${li}:${i}`)));
}

const RATES = [0, 0.01, 0.1, 0.25, 0.333, 0.5, 0.7, 0.9, 0.95, 0.99];

describe('targetCount / capCount', () => {
  it('is round(r·n) (halves up) and floor(c·n) in exact arithmetic for every percent', () => {
    for (const n of [0, 1, 2, 7, 10, 100, 333, 25_000, 400_000]) {
      for (let p = 0; p < 100; p++) {
        expect(targetCount(p / 100, n)).toBe(Math.floor((2 * p * n + 100) / 200));
        expect(capCount(p / 100, n)).toBe(Math.floor((p * n) / 100));
      }
    }
    expect(targetCount(0.145, 100)).toBe(15); // 0.145·100 = 14.499999999999998 in float64
    expect(capCount(0.29, 100)).toBe(29); // 0.29·100 = 28.999999999999996
  });
});

describe('PruningPlan per-layer scope', () => {
  it('prunes exactly round(r·n) per layer for many rates and sizes', () => {
    const sizes = [1, 2, 3, 7, 10, 99, 500];
    const plan = PruningPlan.create(tiedLayers(sizes, 1));
    for (let p = 0; p < 100; p++) {
      const res = plan.masks({ rate: p / 100, scope: 'layer' });
      sizes.forEach((n, li) => {
        expect(res.pruned[li]).toBe(Math.floor((2 * p * n + 100) / 200));
        expect(countZeros(res.masks[li])).toBe(res.pruned[li]);
      });
    }
  });

  it('matches the brute-force reference on heavily tied scores', () => {
    const layers = tiedLayers([1, 7, 64, 300], 2, 3);
    const plan = PruningPlan.create(layers);
    for (const rate of RATES) {
      const o: MaskOptions = { rate, scope: 'layer', include: new Set(['l0', 'l1', 'l3']) };
      const ref = reference(layers, o);
      const res = plan.masks(o);
      expect(res.masks).toEqual(ref.masks);
      expect(res.thresholds).toEqual(ref.thresholds);
    }
  });

  it('breaks ties by lowest index when equal scores straddle the threshold', () => {
    const scores = new Float32Array([0.5, 0.5, 0.1, 0.5, 0.5, 0.9, 0.5]);
    const res = PruningPlan.create([{ name: 'a', scores }]).masks({ rate: 0.43, scope: 'layer' }); // round(3.01) = 3
    expect(Array.from(res.masks[0])).toEqual([0, 0, 0, 1, 1, 1, 1]); // 0.1 first, then the two lowest 0.5s
    expect(res.thresholds[0]).toBe(0.5);
  });
});

describe('PruningPlan global scope', () => {
  const sizes = [7, 50, 400, 33];

  it('prunes exactly K = round(r·N) and matches the reference, with and without caps', () => {
    const layers = tiedLayers(sizes, 3, 4);
    const plan = PruningPlan.create(layers);
    const total = sizes.reduce((a, b) => a + b, 0);
    for (const rate of RATES) {
      for (const cap of [undefined, 0.5, 0.8, 0.95]) {
        const o: MaskOptions = { rate, scope: 'global', maxLayerSparsity: cap };
        const res = plan.masks(o);
        const ref = reference(layers, o);
        expect(res.masks).toEqual(ref.masks);
        expect(res.thresholds).toEqual(ref.thresholds);
        const got = res.pruned.reduce((a, b) => a + b, 0);
        const room = cap === undefined ? total : sizes.reduce((s, n) => s + capCount(cap, n), 0);
        // Exactly K when the caps allow it, otherwise every layer stops at its cap.
        expect(got).toBe(Math.min(targetCount(rate, total), room));
        if (room >= targetCount(rate, total)) {
          expect(Math.abs((100 * got) / total - 100 * rate)).toBeLessThanOrEqual(100 / total / 2 + 1e-9);
        }
        res.pruned.forEach((p, li) => expect(p).toBeLessThanOrEqual(cap === undefined ? sizes[li] : capCount(cap, sizes[li])));
      }
    }
  });

  it('is within 0.01 percentage points on a large plan', () => {
    const layers = tiedLayers([500, 25_000, 40_000, 5_000], 4, 50);
    const plan = PruningPlan.create(layers);
    const total = 70_500;
    for (const rate of [0.123, 0.5, 0.871, 0.99]) {
      const got = plan.masks({ rate, scope: 'global' }).pruned.reduce((a, b) => a + b, 0);
      expect(Math.abs(got / total - rate) * 100).toBeLessThan(0.01);
    }
  });

  it('breaks ties across layers by layer index, then weight index', () => {
    const layers = [0.5, 0.2].map((mid, li) => ({ name: `l${li}`, scores: new Float32Array([0.5, mid, 0.5]) }));
    const res = PruningPlan.create(layers).masks({ rate: 0.5, scope: 'global' }); // K = 3
    expect(res.masks).toEqual([new Uint8Array([0, 0, 1]), new Uint8Array([1, 0, 1])]);
  });

  it('continues down the order when a layer hits its cap, and stops at the caps when K is impossible', () => {
    // Layer a has all the smallest scores; with cap 0.5 it may lose only 5 of 10.
    const layers = [
      { name: 'a', scores: Float32Array.from({ length: 10 }, (_, i) => i * 0.01) },
      { name: 'b', scores: Float32Array.from({ length: 10 }, (_, i) => 1 + i) },
    ];
    const plan = PruningPlan.create(layers);
    const ok = plan.masks({ rate: 0.4, scope: 'global', maxLayerSparsity: 0.5 }); // K = 8
    expect(ok.pruned).toEqual([5, 3]);
    expect(ok.thresholds).toEqual([Math.fround(0.04), 3]);
    // K = 18 > 5 + 5 caps: every layer ends at its cap and the total falls short (documented).
    const short = plan.masks({ rate: 0.9, scope: 'global', maxLayerSparsity: 0.5 });
    expect(short.pruned).toEqual([5, 5]);
    // A cap of 1 is no cap.
    expect(plan.masks({ rate: 0.9, scope: 'global', maxLayerSparsity: 1 }).pruned).toEqual([10, 8]);
  });

  it('leaves excluded layers untouched and out of N_included', () => {
    const layers = tiedLayers(sizes, 5);
    const plan = PruningPlan.create(layers);
    const res = plan.masks({ rate: 0.5, scope: 'global', include: new Set(['l1', 'l3', 'nope']) });
    for (const li of [0, 2]) expect(res.masks[li].every((v) => v === 1)).toBe(true);
    expect(res.pruned[0] + res.pruned[2]).toBe(0);
    expect(res.thresholds[0]).toBeNaN();
    expect(res.pruned[1] + res.pruned[3]).toBe(targetCount(0.5, 83));
  });
});

describe('PruningPlan common properties', () => {
  const layers = tiedLayers([1, 7, 120, 999], 6, 6);
  const plan = PruningPlan.create(layers);
  const variants: Omit<MaskOptions, 'rate'>[] = [
    { scope: 'layer' },
    { scope: 'layer', include: new Set(['l2', 'l3']) },
    { scope: 'global' },
    { scope: 'global', maxLayerSparsity: 0.6 },
    { scope: 'global', maxLayerSparsity: 0.9, include: new Set(['l0', 'l2']) },
  ];

  it('rate 0 keeps everything', () => {
    for (const v of variants) {
      const res = plan.masks({ ...v, rate: 0 });
      const ones = layers.map((l) => new Uint8Array(l.scores.length).fill(1));
      expect(res).toEqual({ masks: ones, pruned: [0, 0, 0, 0], thresholds: [NaN, NaN, NaN, NaN] });
    }
  });

  it('is deterministic: two plans from the same input give identical masks', () => {
    const again = PruningPlan.create(tiedLayers([1, 7, 120, 999], 6, 6));
    for (const v of variants) for (const rate of RATES) expect(again.masks({ ...v, rate })).toEqual(plan.masks({ ...v, rate }));
  });

  it('is nested: dragging the slider back only un-prunes (pruned set at a ⊆ at b for a < b)', () => {
    for (const v of variants) {
      let prev = new Set<string>();
      for (let p = 0; p < 100; p += 3) {
        const cur = prunedSet(plan.masks({ ...v, rate: p / 100 }).masks);
        for (const x of prev) expect(cur.has(x)).toBe(true);
        prev = cur;
      }
    }
  });

  it('thresholds: largest pruned score; every kept score is at least that', () => {
    for (const v of variants) {
      const res = plan.masks({ ...v, rate: 0.42 });
      layers.forEach((l, li) => {
        const prunedScores = l.scores.filter((_, i) => res.masks[li][i] === 0);
        if (prunedScores.length === 0) return expect(res.thresholds[li]).toBeNaN();
        expect(res.thresholds[li]).toBe(Math.max(...prunedScores));
        l.scores.forEach((s, i) => res.masks[li][i] === 1 && expect(s).toBeGreaterThanOrEqual(res.thresholds[li]));
      });
    }
  });

  it('prunes previously pruned (zero-score) weights first', () => {
    const scores = new Float32Array([0.3, 0, 0.1, -0, 0.2, 0]);
    const res = PruningPlan.create([{ name: 'a', scores }]).masks({ rate: 0.5, scope: 'layer' });
    expect(Array.from(res.masks[0])).toEqual([1, 0, 1, 0, 1, 0]);
    expect(res.thresholds[0]).toBe(0);
  });

  it('validates inputs and never reads the caller arrays after create', () => {
    const bad: MaskOptions[] = [
      { rate: 1, scope: 'layer' },
      { rate: -0.01, scope: 'global' },
      { rate: Number.NaN, scope: 'global' },
      { rate: 0.5, scope: 'global', maxLayerSparsity: 1.5 },
    ];
    for (const o of bad) expect(() => plan.masks(o)).toThrow(RangeError);
    for (const x of [-1, Number.NaN]) expect(() => PruningPlan.create([{ name: 'a', scores: new Float32Array([0.1, x]) }])).toThrow(RangeError);
    const dup = { name: 'a', scores: new Float32Array(1) };
    expect(() => PruningPlan.create([dup, dup])).toThrow(RangeError);
    const scores = new Float32Array([3, 1, 2]);
    const p = PruningPlan.create([{ name: 'a', scores }]);
    expect(Array.from(scores)).toEqual([3, 1, 2]);
    scores.fill(0);
    expect(Array.from(p.masks({ rate: 0.34, scope: 'layer' }).masks[0])).toEqual([1, 0, 1]);
    expect(p.names).toEqual(['a']);
    expect(p.sizes).toEqual([3]);
  });
});

describe('countZeros / applyMask', () => {
  it('counts zeros and multiplies anchor by mask', () => {
    const mask = new Uint8Array([1, 0, 1, 0]);
    expect(countZeros(mask)).toBe(2);
    const anchor = new Float32Array([1.5, -2, -3, Number.NaN]);
    expect(Array.from(applyMask(anchor, mask))).toEqual([1.5, 0, -3, 0]);
    const out = new Float32Array(4);
    expect(applyMask(anchor, mask, out)).toBe(out);
    expect(Object.is(out[1], 0)).toBe(true);
    expect(() => applyMask(anchor, new Uint8Array(3))).toThrow(RangeError);
    expect(() => applyMask(anchor, mask, new Float32Array(2))).toThrow(RangeError);
  });
});

describe.skipIf(!process.env.SPEED)('speed (prints timings; SPEED=1)', () => {
  /** Median and max milliseconds of `run` over its calls. */
  function time(calls: number, run: (i: number) => void): string {
    const ms = Array.from({ length: calls }, (_, i) => {
      const t0 = performance.now();
      run(i);
      return performance.now() - t0;
    }).sort((a, b) => a - b);
    return `median ${ms[calls >> 1].toFixed(2)} ms, max ${ms[calls - 1].toFixed(2)} ms (${calls} calls)`;
  }
  const cases: [string, number[]][] = [
    ['LeNet-5 431,080', [500, 25_000, 400_000, 5_000]],
    ['IMDB ~1.02 M', [1_000_200, 16_000, 4_000, 16]],
  ];
  for (const [label, sizes] of cases) {
    it(label, () => {
      const r = rng(42);
      const layers = sizes.map((n, li) => ({ name: `l${li}`, scores: Float32Array.from({ length: n }, () => Math.abs(r() + r() + r() - 1.5)) }));
      const plans: PruningPlan[] = []; // max = the first (cold) call
      const lines = [`${label}: create() ${time(5, () => plans.push(PruningPlan.create(layers)))}`];
      const plan = plans[0];
      const modes: [string, Omit<MaskOptions, 'rate'>][] = [
        ['per-layer', { scope: 'layer' }],
        ['global', { scope: 'global' }],
        ['global cap 0.95', { scope: 'global', maxLayerSparsity: 0.95 }],
        ['global cap 0.5', { scope: 'global', maxLayerSparsity: 0.5 }],
      ];
      for (const [name, o] of modes) lines.push(`  masks ${name}: ${time(60, (i) => plan.masks({ ...o, rate: (i % 20) / 20 }))}`);
      console.log(lines.join('\n'));
    });
  }
});
