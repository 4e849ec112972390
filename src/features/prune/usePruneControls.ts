// The pruning controls' state (rate, scope, included layers, global cap) and how changes
// reach the worker: every slider move is sent at once for live stats, and the value is
// "settled" (full test-set accuracy) on release or after a short pause, which also
// covers keyboard and programmatic changes.

import { useCallback, useEffect, useRef, useState } from 'react';
import type { PruneRequest } from '../../core/prune/controller';
import type { LabApi } from '../../shell/useLab';

export const SETTLE_MS = 300;

export interface PruneControls {
  readonly request: PruneRequest;
  readonly setRate: (rate: number) => void;
  readonly setScope: (scope: PruneRequest['scope']) => void;
  /** Sets rate and scope together (a preset): one change, one message to the worker. */
  readonly setRateAndScope: (rate: number, scope: PruneRequest['scope']) => void;
  readonly toggleLayer: (layer: string) => void;
  readonly setCap: (cap: number | null) => void;
  /** Prunes `layer` by whole rows (by row norm) instead of single weights, or back. */
  readonly toggleRows: (layer: string) => void;
  /** Settles immediately (pointer or key released). */
  readonly release: () => void;
  /** Switches the anchor checkpoint and measures the current settings from it. */
  readonly pruneFrom: (checkpointId: number) => void;
}

export function usePruneControls(
  lab: LabApi,
  layers: readonly string[],
  initial: { rate: number; scope: PruneRequest['scope']; include: readonly string[] },
): PruneControls {
  const [request, setRequest] = useState<PruneRequest>({
    rate: initial.rate,
    scope: initial.scope,
    include: initial.include,
    cap: null,
    rowLayers: [],
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastSettled = useRef<string>('');
  const latest = useRef(request);
  const trainedRef = useRef(false);
  const { prune } = lab;

  const settle = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const key = JSON.stringify(latest.current);
    if (key === lastSettled.current) return;
    lastSettled.current = key;
    prune(latest.current, true);
  }, [prune]);

  const change = useCallback(
    (next: PruneRequest) => {
      latest.current = next;
      setRequest(next);
      // Before training there is nothing to prune: the value waits for the dense checkpoint.
      if (!trainedRef.current) return;
      prune(next, false);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(settle, SETTLE_MS);
    },
    [prune, settle],
  );

  // A new checkpoint (trained or fine-tuned) resets what "settled" means: measure again.
  const checkpoints = lab.state.prune.checkpoints.length;
  useEffect(() => {
    trainedRef.current = checkpoints > 0;
  }, [checkpoints]);
  useEffect(() => {
    if (checkpoints === 0) return;
    lastSettled.current = '';
    if (lab.state.prune.checkpoints.at(-1)?.kind === 'dense') settle();
  }, [checkpoints, settle, lab.state.prune.checkpoints]);

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  return {
    request,
    setRate: (rate) => change({ ...latest.current, rate }),
    setScope: (scope) => change({ ...latest.current, scope }),
    setRateAndScope: (rate, scope) => change({ ...latest.current, rate, scope }),
    toggleLayer: (layer) => {
      const include = latest.current.include.includes(layer)
        ? latest.current.include.filter((l) => l !== layer)
        : layers.filter((l) => l === layer || latest.current.include.includes(l));
      change({ ...latest.current, include });
    },
    setCap: (cap) => change({ ...latest.current, cap }),
    toggleRows: (layer) => {
      const rows = latest.current.rowLayers ?? [];
      change({ ...latest.current, rowLayers: rows.includes(layer) ? rows.filter((l) => l !== layer) : [...rows, layer] });
    },
    release: settle,
    pruneFrom: (checkpointId) => {
      lab.selectAnchor(checkpointId);
      lastSettled.current = '';
      settle();
    },
  };
}
