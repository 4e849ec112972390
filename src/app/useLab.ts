// Connects the React tree to the lab worker: starts it, sends init with the URL settings,
// folds its events into LabState, and offers train/stop actions.

import { useCallback, useEffect, useReducer, useRef } from 'react';
import { INITIAL_LAB_STATE, labReducer, type LabState } from '../state/labState';
import type { UrlState } from '../state/urlState';
import { LabClient } from '../worker/labClient';

export interface LabApi {
  readonly state: LabState;
  readonly train: () => void;
  readonly stop: () => void;
  readonly dismissError: () => void;
}

export function useLab(settings: UrlState): LabApi {
  const [state, dispatch] = useReducer(labReducer, INITIAL_LAB_STATE);
  const clientRef = useRef<LabClient | null>(null);
  const autorunDone = useRef(false);

  useEffect(() => {
    const client = new LabClient();
    clientRef.current = client;
    const unsubscribe = client.subscribe(dispatch);
    client.send({
      type: 'init',
      backend: settings.backend,
      dataUrl: new URL('data/', document.baseURI).href,
      train: settings.train,
      test: settings.test,
    });
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
    };
  }, [settings.backend, settings.train, settings.test]);

  const train = useCallback(() => {
    dispatch({ type: 'requestTrain' });
    clientRef.current?.send({ type: 'train', epochs: settings.epochs, seed: settings.seed });
  }, [settings.epochs, settings.seed]);

  const stop = useCallback(() => clientRef.current?.send({ type: 'stop' }), []);
  const dismissError = useCallback(() => dispatch({ type: 'dismissError' }), []);

  useEffect(() => {
    if (settings.autorun && !autorunDone.current && state.phase === 'ready' && state.dataset) {
      autorunDone.current = true;
      train();
    }
  }, [settings.autorun, state.phase, state.dataset, train]);

  return { state, train, stop, dismissError };
}
