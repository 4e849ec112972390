import { describe, expect, it } from 'vitest';
import { methodFor } from '../../core/method';
import type { LayerView, ModelView } from '../../core/prune/view';
import { channelSummary, rateMeaning } from './rateText';

const layer = (name: string, size: number, zeros: number, channels: LayerView['channels'], deadInputs: number): LayerView => ({
  name,
  size,
  zeros,
  selected: true,
  threshold: null,
  rows: null,
  channels,
  deadInputs,
  note: null,
  histogram: { spec: { min: -1, max: 1, bins: 1 }, all: new Uint32Array(1), kept: new Uint32Array(1) },
});

// LeNet-5's shape, pruned globally by channels at 50 %: 266 fc1 neurons go, fc2 loses the 2,660 weights reading them.
const view = (scope: 'layer' | 'global'): Pick<ModelView, 'layers' | 'selected' | 'method'> => {
  const layers = [
    layer('conv1', 500, 0, { total: 20, pruned: 0, threshold: NaN }, 0),
    layer('conv2', 25000, 0, { total: 50, pruned: 0, threshold: NaN }, 0),
    layer('fc1', 400000, 212800, { total: 500, pruned: 266, threshold: 1 }, 0),
    layer('fc2', 5000, 2660, null, 2660),
  ];
  const zeros = 215460;
  return { layers, selected: { weights: 430500, zeros, sparsity: zeros / 430500 }, method: methodFor(['conv1', 'conv2', 'fc1', 'fc2'], { rate: 0.5, scope, structure: 'channels' }) };
};

describe('what the rate means', () => {
  it('global channels: a share of weights, channels ranked by mean |w|; the counts are the channels actually removed', () => {
    const text = channelSummary(view('global'));
    expect(text).toContain('266 of 570 prunable channels removed (46.7%: fc1 266/500)');
    expect(text).toContain('ranked by mean |w| (L1 norm ÷ fan-in)');
    expect(text).toContain("212,800 in the removed channels (and zeros the checkpoint already had), and 2,660 in the next layers' weights");
    expect(text).not.toContain('higher than the rate');
    expect(rateMeaning(view('global').method)).toContain("the share of the selected layers' weights held by removed channels");
  });

  it('per-layer channels: a share of each layer’s channels; N:M: the pattern', () => {
    expect(channelSummary(view('layer'))).toMatch(/^Per layer, the rate is the share of each layer's channels removed/);
    expect(rateMeaning(methodFor(['a'], { structure: 'nm', nm: '1:4' }))).toContain('3 of every 4 weights (75%');
    expect(rateMeaning(methodFor(['a'], {}))).toBe('Sets the smallest-magnitude (L1) weights to zero, counted from the checkpoint pruning starts from.');
  });
});
