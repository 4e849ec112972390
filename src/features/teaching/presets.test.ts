import { describe, expect, it } from 'vitest';
import { matchPreset, PRESETS } from './presets';

describe('presets', () => {
  it('are the three recipes the picker offers, with their published settings', () => {
    expect(PRESETS.map((p) => [p.label, p.settings])).toEqual([
      [
        'The tutorial: 50 % L1 per layer',
        { rate: 0.5, scope: 'layer', criterion: 'magnitude', structure: 'weights', schedule: 'oneshot' },
      ],
      ['Han et al. 12×', { rate: 0.92, scope: 'global', criterion: 'magnitude', structure: 'weights', schedule: 'iterative' }],
      ['Lottery ticket', { rate: 0.8, scope: 'global', criterion: 'magnitude', structure: 'weights', schedule: 'lottery' }],
    ]);
  });

  it('are recognised only when every setting matches', () => {
    for (const preset of PRESETS) expect(matchPreset({ ...preset.settings })?.id).toBe(preset.id);
    const han = PRESETS[1].settings;
    expect(matchPreset({ ...han, rate: 0.91 })).toBeNull();
    expect(matchPreset({ ...han, criterion: 'taylor' })).toBeNull();
    expect(matchPreset({ ...han, scope: 'layer' })).toBeNull();
  });
});
