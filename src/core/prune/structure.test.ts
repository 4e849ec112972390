import { describe, expect, it } from 'vitest';
import { OUTPUT_LAYER_NOTE } from './channelMasks';
import { PruneController } from './controller';
import { channelSums, expandChannels, maskDeadInputs, selectChannels } from './structure';
import type { WeightSnapshot } from '../weights';
import { methodFor } from '../method';

describe('channel math', () => {
  it('sums scores per output channel (last axis) and expands channel masks', () => {
    // a [2, 3] dense kernel: channel = index % 3
    expect(Array.from(channelSums(Float32Array.from([1, 2, 3, 4, 5, 6]), 3))).toEqual([5, 7, 9]);
    expect(Array.from(expandChannels(Uint8Array.from([1, 0, 1]), 6))).toEqual([1, 0, 1, 1, 0, 1]);
    expect(() => expandChannels(Uint8Array.from([1, 0]), 5)).toThrow(/equal channels/);
  });

  it('zeroes the weights reading a removed input channel: conv [kh, kw, in, out] and dense after an NHWC flatten', () => {
    // conv kernel [1, 2, 2, 2]: index = ((kw)·2 + in)·2 + out; input channel 1 removed
    const conv = new Uint8Array(8).fill(1);
    expect(maskDeadInputs(conv, 2, Uint8Array.from([1, 0]))).toBe(4);
    expect(Array.from(conv)).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
    // dense [H·W·C = 2·1·3 = 6 rows, 1 out] after flatten: row (h·W + w)·3 + c; channel 2 removed
    const dense = new Uint8Array(6).fill(1);
    dense[0] = 0; // already pruned: not counted again
    expect(maskDeadInputs(dense, 1, Uint8Array.from([1, 1, 0]))).toBe(2);
    expect(Array.from(dense)).toEqual([0, 1, 0, 1, 1, 0]);
    expect(() => maskDeadInputs(new Uint8Array(5), 1, Uint8Array.from([1, 1]))).toThrow(/cannot read/);
  });

  it('selects round(rate · channels) per layer, keeps at least one, and breaks ties by index', () => {
    const layers = [
      { scores: Float32Array.from([3, 1, 2, 1]), weightsPerChannel: 10, included: true },
      { scores: Float32Array.from([5, 4]), weightsPerChannel: 1, included: true },
      { scores: Float32Array.from([0, 0]), weightsPerChannel: 1, included: false },
    ];
    const half = selectChannels(layers, 0.5, 'layer', null);
    expect(half.masks.map((m) => Array.from(m))).toEqual([[1, 0, 1, 0], [1, 0], [1, 1]]);
    expect(half.thresholds[0]).toBe(1);
    expect(Number.isNaN(half.thresholds[2])).toBe(true);
    // 0.99 would remove every channel: one survives, the best
    expect(selectChannels(layers, 0.99, 'layer', null).masks.map((m) => Array.from(m))).toEqual([[1, 0, 0, 0], [1, 0], [1, 1]]);
  });

  it('global scope ranks channels by score per weight and removes them until rate · weights are gone', () => {
    // per weight: layer 0 → 0.3, 0.1, 0.2, 0.1; layer 1 → 5, 0.05. 42 weights; 0.25 → 11 (rounded 10.5 → 11)
    const layers = [
      { scores: Float32Array.from([3, 1, 2, 1]), weightsPerChannel: 10, included: true },
      { scores: Float32Array.from([5, 0.05]), weightsPerChannel: 1, included: true },
    ];
    const g = selectChannels(layers, 0.25, 'global', null);
    // order: l1c1 (0.05, 1 weight), l0c1 (0.1, 10 → 11 ≥ 11: stop)
    expect(g.masks.map((m) => Array.from(m))).toEqual([[1, 0, 1, 1], [1, 0]]);
    const capped = selectChannels(layers, 0.5, 'global', 0.25);
    expect(capped.masks.map((m) => Array.from(m))).toEqual([[1, 0, 1, 1], [1, 1]]); // cap: 1 of 4, 0 of 2
    expect(() => selectChannels(layers, 1, 'layer', null)).toThrow(RangeError);
  });
});

// A chain a → b → out: a [2 in, 3 out] with bias, b [3, 2] with bias, out [2, 1] with bias.
const snapshot: WeightSnapshot = {
  names: ['a/kernel', 'a/bias', 'b/kernel', 'b/bias', 'out/kernel', 'out/bias'],
  shapes: [[2, 3], [3], [3, 2], [2], [2, 1], [1]],
  values: [
    Float32Array.from([0.1, 5, 1, -0.1, -5, 1]), // channel sums of |w|: 0.2, 10, 2
    Float32Array.from([1, 2, 3]),
    Float32Array.from([1, 0.1, 2, 0.1, 3, 0.2]), // channel sums: 6, 0.4
    Float32Array.from([4, 5]),
    Float32Array.from([7, 8]),
    Float32Array.from([9]),
  ],
};

describe('PruneController with structure "channels"', () => {
  it('removes whole channels, their biases and the next layer’s inputs; the output layer keeps its neurons', () => {
    const c = new PruneController(['a', 'b', 'out'], snapshot);
    const o = c.compute(methodFor(['a', 'b', 'out'], { rate: 0.5, scope: 'layer', cap: null, structure: 'channels' }));
    // a: round(1.5) = 2 of 3 channels → channels 0 and 2 go; b: 1 of 2 → channel 1
    expect(o.channelMasks.map((m) => (m ? Array.from(m) : null))).toEqual([[0, 1, 0], [1, 0], null]);
    expect(Array.from(o.masks[0])).toEqual([0, 1, 0, 0, 1, 0]);
    // b: rows 0 and 2 read removed channels of a, column 1 is removed
    expect(Array.from(o.masks[1])).toEqual([0, 0, 1, 0, 0, 0]);
    expect(Array.from(o.masks[2])).toEqual([1, 0]);
    expect(o.kernels.get('a/bias')).toEqual(Float32Array.from([0, 2, 0]));
    expect(o.kernels.get('b/bias')).toEqual(Float32Array.from([4, 0]));
    expect(o.kernels.has('out/bias')).toBe(false);
    expect([...o.biasMasks.keys()]).toEqual(['a/bias', 'b/bias']);
    const [a, b, out] = o.stats.layers;
    expect(a.channels).toEqual({ total: 3, pruned: 2, threshold: Math.fround(2) });
    expect([b.deadInputs, b.pruned, b.channels?.pruned]).toEqual([2, 5, 1]); // 3 by its own channel, 2 dead inputs
    expect(out).toMatchObject({ channels: null, deadInputs: 1, pruned: 1, note: OUTPUT_LAYER_NOTE });
    expect(o.stats.structure).toBe('channels');
    expect(o.stats.criterion).toBe('magnitude');
  });

  it('ranks channels by the scores it is given (a criterion), and an excluded layer keeps its channels', () => {
    const scores = [Float32Array.from([9, 0, 9, 9, 0, 9]), Float32Array.from([1, 1, 1, 1, 1, 1]), Float32Array.from([1, 1])];
    const c = new PruneController(['a', 'b', 'out'], snapshot, { scores, criterion: 'taylor' });
    const o = c.compute(methodFor(['a'], { rate: 0.34, scope: 'layer', cap: null, structure: 'channels' }));
    expect(o.channelMasks.map((m) => (m ? Array.from(m) : null))).toEqual([[1, 0, 1], [1, 1], null]);
    expect(o.stats.criterion).toBe('taylor');
    expect(o.stats.layers[1]).toMatchObject({ included: false, deadInputs: 2, channels: { pruned: 0 } });
    expect(() => new PruneController(['a'], snapshot, { scores: [Float32Array.from([1])] })).toThrow(/one to one/);
  });
});
