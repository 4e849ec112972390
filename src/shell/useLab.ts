// Connects the React tree to the lab worker: starts it, folds its events and every call's
// start and end into the app state, and hands the panels a LabPort whose calls are
// tracked, so the phase knows what is pending. Performance marks for the bench are taken
// here too. A worker that stops answering while a call is pending is replaced by a new one
// (the page then starts it again from the checkpoints saved in this browser), and says so.

import { useEffect, useMemo, useReducer, useRef, useState, type Dispatch } from 'react';
import type { CallArgs, CallName, CallResult } from '../protocol/calls';
import type { LabEvent } from '../protocol/events';
import type { CallOptions, LabPort } from '../protocol/port';
import { LabClient } from '../worker/client';
import { watchdogSeconds } from '../worker/watchdog';
import { LabCallError } from '../protocol/wire';
import { appReducer, INITIAL_APP, type AppAction, type AppState } from './appState';
import { recordAction } from './perfMarks';

export interface LabHandle {
  readonly state: AppState;
  readonly dispatch: Dispatch<AppAction>;
  /** Tracked calls: their start and end go into the state; failures are shown, never thrown at the caller. */
  readonly port: LabPort;
  /** Workers replaced because they stopped answering (0: the first one still runs). */
  readonly restarts: number;
  /** What the page tells the user about the last replaced worker. */
  readonly workerNotice: string | null;
}

/** The notice after a stuck worker was replaced. */
export function restartNotice(silentMs: number, calls: readonly string[]): string {
  const what = calls.length > 0 ? ` while it ran ${[...new Set(calls)].join(', ')}` : '';
  return `The lab's worker stopped answering (nothing for ${Math.round(silentMs / 1000)} s${what}), so a new one was started from the checkpoints saved in this browser and the settings on screen. Work that was not saved yet (a run in progress) was lost; run it again.`;
}

let nextCallId = 1;

/** `askedSeconds`: silence of the worker, while a call is pending, after which it is replaced (null: the backend's default). */
export function useLab(askedSeconds: number | null): LabHandle {
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP);
  const allowedMs = 1000 * watchdogSeconds(state.train.backend?.name ?? null, askedSeconds);
  const timeoutMs = useRef(allowedMs);
  useEffect(() => {
    timeoutMs.current = allowedMs;
  }, [allowedMs]);
  const clientRef = useRef<LabClient | null>(null);
  const [restarts, setRestarts] = useState(0);
  const [workerNotice, setWorkerNotice] = useState<string | null>(null);
  const pendingNames = useRef<readonly string[]>([]);
  // The port's subscribers outlive a replaced worker: events of whichever worker runs reach them.
  const listeners = useRef(new Set<(event: LabEvent) => void>());
  useEffect(() => {
    pendingNames.current = state.pending.map((p) => p.name);
  }, [state.pending]);

  useEffect(() => {
    const client = new LabClient({
      timeoutMs: () => timeoutMs.current,
      onStall: (silentMs) => {
        setWorkerNotice(restartNotice(silentMs, pendingNames.current));
        // The effect's cleanup ends this worker (its pending calls end as aborted); the next run starts a new one.
        setRestarts((n) => n + 1);
      },
    });
    clientRef.current = client;
    const unsubscribe = client.subscribe((event) => {
      const action: AppAction = { type: 'event', event };
      recordAction(action);
      dispatch(action);
      for (const l of listeners.current) l(event);
    });
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
    };
  }, [restarts]);

  const port = useMemo<LabPort>(
    () => ({
      call<K extends CallName>(name: K, args: CallArgs<K>, options?: CallOptions): Promise<CallResult<K>> {
        const client = clientRef.current;
        const id = nextCallId++;
        const started = { type: 'callStarted', id, name, args } as AppAction;
        dispatch(started);
        const promise = client ? client.call(name, args, options) : Promise.reject(new Error('The lab is not running.'));
        return promise.then(
          (value) => {
            const ended = { type: 'callEnded', id, name, args, ok: true, value } as AppAction;
            recordAction(ended);
            dispatch(ended);
            return value;
          },
          (e: unknown) => {
            const error = e instanceof LabCallError ? e.error : { stage: 'backend' as const, message: e instanceof Error ? e.message : String(e), aborted: false };
            dispatch({ type: 'callEnded', id, name, args, ok: false, error } as AppAction);
            throw e;
          },
        );
      },
      stop: () => clientRef.current?.stop(),
      subscribe: (listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [],
  );

  return { state, dispatch, port, restarts, workerNotice };
}

/** Runs a call and ignores its failure (the state shows it next to where the user acted). */
export function fire<K extends CallName>(port: LabPort, name: K, args: CallArgs<K>, options?: CallOptions): void {
  port.call(name, args, options).catch(() => undefined);
}
