// How the pruning controls reach the worker: every change of the method is shown at once
// (a prune call that previews, then estimates once the slider rests), and a value is
// "settled" (measured on the full test set) on release or after a short pause
// (protocol/sliderPolicy.ts), which also covers keyboard and programmatic changes. Before a
// model exists a change only updates the method on screen: the training call takes it along.

import { useCallback, useEffect, useRef } from 'react';
import { maskKey, type PruneMethod } from '../../core/method';
import type { LabPort } from '../../protocol/port';
import { SETTLE_AFTER_MS } from '../../protocol/sliderPolicy';

export interface PruneControls {
  /** Replaces the method (a control changed); `input` marks a slider move for the latency figures. */
  readonly change: (next: PruneMethod) => void;
  /** Measures the current method on the full test set now (pointer or key released). */
  readonly release: () => void;
  /** Prunes from checkpoint `id` from now on. */
  readonly pruneFrom: (id: number) => void;
}

interface Options {
  readonly port: LabPort;
  readonly method: PruneMethod;
  readonly setMethod: (m: PruneMethod) => void;
  /** A model exists and nothing long runs: changes are sent. */
  readonly live: boolean;
  /** The mask key of the setting last measured on the full test set (nothing to settle for it). */
  readonly settledKey: string | null;
  readonly onInput?: () => void;
}

export function usePruneControls({ port, method, setMethod, live, settledKey, onInput }: Options): PruneControls {
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const latest = useRef(method);
  const settled = useRef(settledKey);
  const liveRef = useRef(live);
  useEffect(() => {
    latest.current = method;
  }, [method]);
  useEffect(() => {
    settled.current = settledKey;
  }, [settledKey]);
  useEffect(() => {
    liveRef.current = live;
  }, [live]);
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  const settleNow = useCallback((live: boolean) => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (!live) return;
    const m = latest.current;
    const key = maskKey(m);
    if (key === settled.current) return;
    settled.current = key;
    port.call('prune', { method: m, final: true }).catch(() => undefined);
  }, [port]);
  // The pause timer reads whether the lab is live when it fires; a release reads it now.
  const settle = useCallback(() => settleNow(liveRef.current), [settleNow]);
  const release = useCallback(() => settleNow(live), [settleNow, live]);

  const change = useCallback(
    (next: PruneMethod) => {
      latest.current = next;
      setMethod(next);
      // `live` of this render: a panel's effect may change the method in the same commit that made the lab live.
      if (!live) return;
      onInput?.();
      port.call('prune', { method: next, final: false }).catch(() => undefined);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(settle, SETTLE_AFTER_MS);
    },
    [port, setMethod, settle, onInput, live],
  );

  const pruneFrom = useCallback(
    (id: number) => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      settled.current = maskKey(latest.current);
      port.call('anchor', { id, method: latest.current }).catch(() => undefined);
    },
    [port],
  );

  return { change, release, pruneFrom };
}
