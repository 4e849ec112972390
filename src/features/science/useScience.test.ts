import { describe, expect, it } from 'vitest';
import { iterativeRates } from '../../core/prune/schedules';
import { perRoundRate, scheduleRequest } from './useScience';

describe('schedule requests from the controls', () => {
  it('iterative: the per-round rate reaches the slider target in exactly the chosen rounds', () => {
    for (const [target, rounds] of [[0.5, 2], [0.9, 3], [0.92, 4], [0.99, 10], [0.3, 1]] as const) {
      const rates = iterativeRates(target, perRoundRate(target, rounds));
      expect(rates).toHaveLength(rounds);
      expect(rates.at(-1)).toBe(target);
    }
  });

  it('maps each schedule to its request, with the slider rate as the target', () => {
    const params = { rounds: 2, epochs: 3, control: false };
    const iterative = scheduleRequest('iterative', 0.75, params);
    expect(iterative).toEqual({ kind: 'iterative', target: 0.75, perRound: 0.5, finetuneEpochs: 3 });
    expect(scheduleRequest('agp', 0.9, params)).toEqual({ kind: 'agp', final: 0.9, epochs: 3 });
    expect(scheduleRequest('lottery', 0.8, params)).toEqual({ kind: 'lottery', rate: 0.8, epochs: 3, control: false });
  });
});
