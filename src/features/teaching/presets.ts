// Named pruning recipes a teacher can pick in one click. Each sets the rate, scope,
// criterion, structure and schedule; `matchPreset` finds the recipe the controls show now,
// so the picker stays truthful after a manual change or a reload of a shared link.

import type { PruneMethod } from '../../core/method';

/** What a preset sets: part of the method (the layers and the rest stay as they are). */
export type PresetSettings = Pick<PruneMethod, 'rate' | 'scope' | 'criterion' | 'structure' | 'schedule'>;

export interface Preset {
  readonly id: string;
  readonly label: string;
  /** One plain sentence: what the recipe is and what to look for. */
  readonly story: string;
  readonly settings: PresetSettings;
}

export const PRESETS: readonly Preset[] = [
  {
    id: 'tutorial',
    label: 'The tutorial: 50 % L1 per layer',
    story:
      'Every layer loses the half of its weights with the smallest |w|, in one shot. Accuracy should barely move.',
    settings: { rate: 0.5, scope: 'layer', criterion: 'magnitude', structure: 'weights', schedule: 'oneshot' },
  },
  {
    id: 'han',
    label: 'Han et al. 12×',
    story:
      'Han et al. (2015) shrank LeNet-5 12× (92 % of the weights removed) by pruning the smallest weights and retraining, in rounds; here with one global threshold.',
    settings: { rate: 0.92, scope: 'global', criterion: 'magnitude', structure: 'weights', schedule: 'iterative' },
  },
  {
    id: 'lottery',
    label: 'Lottery ticket',
    story:
      'Frankle & Carbin (2019): keep the 20 % largest weights, rewind the survivors to their initial values and train again: the sparse "winning ticket" learns as well as the dense net.',
    settings: { rate: 0.8, scope: 'global', criterion: 'magnitude', structure: 'weights', schedule: 'lottery' },
  },
];

/** The preset whose settings equal `current` exactly, if any. */
export function matchPreset(current: PresetSettings): Preset | null {
  return (
    PRESETS.find(
      (p) =>
        Math.abs(p.settings.rate - current.rate) < 1e-9 &&
        p.settings.scope === current.scope &&
        p.settings.criterion === current.criterion &&
        p.settings.structure === current.structure &&
        p.settings.schedule === current.schedule,
    ) ?? null
  );
}
