// The schedule's time estimate counts what the schedule runs.
import { describe, expect, it } from 'vitest';
import { scheduleSeconds, scheduleWork } from './scheduleEstimate';

const p = { rounds: 3, epochs: 1, control: true, baseline: true };

describe('scheduleWork', () => {
  it('iterative: rounds × epochs of fine-tuning, measured before and after each round, plus the baseline', () => {
    expect(scheduleWork('iterative', p)).toEqual({ epochs: 6, testPasses: 8 });
    expect(scheduleWork('iterative', { ...p, baseline: false })).toEqual({ epochs: 3, testPasses: 7 });
  });

  it('AGP: its epochs, measured after each; lottery: the ticket and its control', () => {
    expect(scheduleWork('agp', { ...p, epochs: 2, baseline: false })).toEqual({ epochs: 2, testPasses: 3 });
    expect(scheduleWork('lottery', { ...p, epochs: 2 })).toEqual({ epochs: 6, testPasses: 7 });
    expect(scheduleWork('lottery', { ...p, epochs: 2, control: false, baseline: false })).toEqual({ epochs: 2, testPasses: 4 });
  });
});

describe('scheduleSeconds', () => {
  it('divides the work by the measured speeds', () => {
    // 3 rounds of 1 epoch over 60,000 images at 5,000/s, 7 passes over 10,000 at 10,000/s.
    expect(scheduleSeconds('iterative', { ...p, baseline: false }, { itemsPerSec: 5000, inferPerSec: 10_000, train: 60_000, test: 10_000 })).toBeCloseTo(36 + 7, 6);
  });
});
