// The pruning method beyond rate and scope: importance criterion, structure and schedule.
// Read from the link, set by presets, written back to the URL. The controls that run them
// are wired into the prune panel separately; until then this is where their values live.

import { useCallback, useState } from 'react';
import type { Criterion, Schedule, Structure } from '../../core/method';

export interface PruneMethod {
  readonly criterion: Criterion;
  readonly structure: Structure;
  readonly schedule: Schedule;
}

export interface MethodApi {
  readonly method: PruneMethod;
  readonly setMethod: (patch: Partial<PruneMethod>) => void;
}

export function useMethod(initial: PruneMethod): MethodApi {
  const [method, set] = useState<PruneMethod>({
    criterion: initial.criterion,
    structure: initial.structure,
    schedule: initial.schedule,
  });
  const setMethod = useCallback((patch: Partial<PruneMethod>) => set((m) => ({ ...m, ...patch })), []);
  return { method, setMethod };
}
