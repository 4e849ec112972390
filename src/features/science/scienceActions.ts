// The experiments the science panel and the method controls start: each is one call of the
// protocol with the method on screen, and its progress and result come back as state.

import type { Criterion, PruneMethod } from '../../core/method';
import type { ScheduleParams } from '../../protocol/calls';
import type { LabPort } from '../../protocol/port';

export interface ScienceActions {
  readonly runSweep: (criteria: readonly Criterion[]) => void;
  readonly runSensitivity: () => void;
  /** Runs the method's (non-one-shot) schedule to the slider's rate. */
  readonly runSchedule: (params: ScheduleParams) => void;
  readonly compact: () => void;
  readonly stop: () => void;
}

const quiet = (p: Promise<unknown>) => void p.catch(() => undefined);

export function scienceActions(port: LabPort, method: PruneMethod): ScienceActions {
  return {
    runSweep: (criteria) => quiet(port.call('sweep', { method, criteria })),
    runSensitivity: () => quiet(port.call('sensitivity', { method })),
    runSchedule: (params) => {
      if (method.schedule !== 'oneshot') quiet(port.call('schedule', { schedule: method.schedule, method, params }));
    },
    compact: () => quiet(port.call('compact', {})),
    stop: () => port.stop(),
  };
}

/** Whether the view on screen removes whole channels (something to compact). */
export function canCompact(view: { readonly structure: string; readonly layers: readonly { readonly channels: { readonly pruned: number } | null }[] } | null): boolean {
  return view !== null && view.structure === 'channels' && view.layers.some((l) => (l.channels?.pruned ?? 0) > 0);
}
