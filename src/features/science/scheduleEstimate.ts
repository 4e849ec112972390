// How long a schedule will take on this device, before it runs: the epochs it trains (and its
// dense baseline, if asked) at the measured training speed, plus the test-set passes it
// measures at the measured inference speed. The same arithmetic as the training estimate.

import type { Schedule } from '../../core/method';
import type { ScheduleParams } from '../../protocol/calls';

/** This device's measured speeds and the data a run goes over. */
export interface ScheduleWorkload {
  readonly itemsPerSec: number;
  readonly inferPerSec: number;
  readonly train: number;
  readonly test: number;
}

/** Training epochs and test-set passes a schedule runs (baseline included when asked). */
export function scheduleWork(schedule: Exclude<Schedule, 'oneshot'>, p: ScheduleParams): { readonly epochs: number; readonly testPasses: number } {
  // Per schedule: the epochs its pruned model trains, and its test passes (before, per round or epoch).
  const own =
    schedule === 'iterative'
      ? { epochs: p.rounds * p.epochs, testPasses: 1 + 2 * p.rounds }
      : schedule === 'agp'
        ? { epochs: p.epochs, testPasses: 1 + p.epochs }
        : { epochs: p.epochs * (p.control ? 2 : 1), testPasses: 2 + p.epochs * (p.control ? 2 : 1) };
  // The dense baseline trains as many epochs as the pruned model did (the ticket's, for the lottery) and is measured once.
  const trained = schedule === 'lottery' ? p.epochs : own.epochs;
  return p.baseline ? { epochs: own.epochs + trained, testPasses: own.testPasses + 1 } : own;
}

/** Expected seconds of the schedule on this device. */
export function scheduleSeconds(schedule: Exclude<Schedule, 'oneshot'>, p: ScheduleParams, w: ScheduleWorkload): number {
  const { epochs, testPasses } = scheduleWork(schedule, p);
  return (epochs * w.train) / w.itemsPerSec + (testPasses * w.test) / w.inferPerSec;
}
