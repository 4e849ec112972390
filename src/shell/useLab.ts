// Connects the React tree to the lab worker: starts it, folds its events and every call's
// start and end into the app state, and hands the panels a LabPort whose calls are
// tracked, so the phase knows what is pending. Performance marks for the bench are taken
// here too.

import { useEffect, useMemo, useReducer, useRef, type Dispatch } from 'react';
import type { CallArgs, CallName, CallResult } from '../protocol/calls';
import type { CallOptions, LabPort } from '../protocol/port';
import { LabClient } from '../worker/client';
import { LabCallError } from '../protocol/wire';
import { appReducer, INITIAL_APP, type AppAction, type AppState } from './appState';
import { recordAction } from './perfMarks';

export interface LabHandle {
  readonly state: AppState;
  readonly dispatch: Dispatch<AppAction>;
  /** Tracked calls: their start and end go into the state; failures are shown, never thrown at the caller. */
  readonly port: LabPort;
}

let nextCallId = 1;

declare global {
  interface Window {
    __prunelabTest?: { readonly loseDevice: () => Promise<boolean> };
  }
}

export function useLab(): LabHandle {
  const [state, dispatch] = useReducer(appReducer, INITIAL_APP);
  const clientRef = useRef<LabClient | null>(null);

  useEffect(() => {
    const client = new LabClient();
    clientRef.current = client;
    // For the e2e of the recovery path: lose the GPU device as a driver reset would.
    window.__prunelabTest = { loseDevice: () => client.call('loseDevice', {}).then((r) => r.lost) };
    const unsubscribe = client.subscribe((event) => {
      const action: AppAction = { type: 'event', event };
      recordAction(action);
      dispatch(action);
    });
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
    };
  }, []);

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
      subscribe: (listener) => clientRef.current?.subscribe(listener) ?? (() => undefined),
    }),
    [],
  );

  return { state, dispatch, port };
}

/** Runs a call and ignores its failure (the state shows it next to where the user acted). */
export function fire<K extends CallName>(port: LabPort, name: K, args: CallArgs<K>, options?: CallOptions): void {
  port.call(name, args, options).catch(() => undefined);
}
