// Connects the React tree to the lab worker: starts it, sends init with the URL settings,
// folds its events into LabState, and offers train / stop / prune / fine-tune actions.

import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { PruneRequest } from '../core/prune/controller';
import { INITIAL_LAB_STATE, labReducer, type LabState } from './labState';
import type { UrlState } from './urlState';
import { LabClient } from '../worker/labClient';
import { scienceJobOf, type ScienceRequest, type ToolRequest } from '../protocol/messages';
import { markSliderInput, recordEvent } from './perfMarks';

export interface LabApi {
  readonly state: LabState;
  readonly train: () => void;
  readonly stop: () => void;
  /** A slider move (final: false) or its release / a settled value (final: true). */
  readonly prune: (request: PruneRequest, final: boolean) => void;
  readonly finetune: (epochs: number) => void;
  /** Prune from checkpoint `id` from now on. */
  readonly selectAnchor: (id: number) => void;
  /** Scores a typed review with the dense and the pruned model (IMDB). */
  readonly scoreReview: (text: string) => void;
  readonly dismissError: () => void;
  /** Storage, draw-a-digit, export and import requests (see useTools). */
  readonly sendTool: (request: ToolRequest) => void;
  /**
   * A science request (method, sweep, sensitivity, schedule, compact). `track`: the UI shows
   * it as the running job until the worker's 'jobDone' (false for a method set before training).
   */
  readonly sendScience: (request: ScienceRequest, track: boolean) => void;
  /** Stops a running science job (the worker's stop aborts it). */
  readonly stopJob: () => void;
}

export function useLab(settings: UrlState): LabApi {
  const [state, dispatch] = useReducer(labReducer, INITIAL_LAB_STATE);
  const clientRef = useRef<LabClient | null>(null);
  const autorunDone = useRef(false);
  const nextPruneId = useRef(1);

  useEffect(() => {
    const client = new LabClient();
    clientRef.current = client;
    let activeRun: LabState['activeRun'] = null;
    const unsubscribe = client.subscribe((event) => {
      if (event.type === 'trainStart') activeRun = event.kind;
      if (event.type !== 'jobDone') recordEvent(event, activeRun);
      dispatch(event);
    });
    client.send({
      type: 'init',
      model: settings.model,
      backend: settings.backend,
      dataUrl: new URL('data/', document.baseURI).href,
      train: settings.train,
      test: settings.test,
      // A model stored for exactly these settings is restored instead of retrained.
      restore: { epochs: settings.epochs, seed: settings.seed },
    });
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
    };
  }, [settings.model, settings.backend, settings.train, settings.test, settings.epochs, settings.seed]);

  const train = useCallback(() => {
    dispatch({ type: 'requestTrain' });
    clientRef.current?.send({ type: 'train', epochs: settings.epochs, seed: settings.seed });
  }, [settings.epochs, settings.seed]);

  const stop = useCallback(() => clientRef.current?.send({ type: 'stop' }), []);
  const dismissError = useCallback(() => dispatch({ type: 'dismissError' }), []);

  const prune = useCallback((request: PruneRequest, final: boolean) => {
    const id = nextPruneId.current++;
    if (!final) markSliderInput(id); // a release or settle is not a slider move
    dispatch({ type: 'requestPrune', id, final });
    clientRef.current?.send({ type: 'prune', id, request, final });
  }, []);

  const finetune = useCallback(
    (epochs: number) => {
      dispatch({ type: 'requestFinetune' });
      clientRef.current?.send({ type: 'finetune', epochs, seed: settings.seed + 1 });
    },
    [settings.seed],
  );

  const selectAnchor = useCallback((id: number) => clientRef.current?.send({ type: 'anchor', id }), []);
  const nextReviewId = useRef(1);
  const scoreReview = useCallback(
    (text: string) => clientRef.current?.send({ type: 'review', id: nextReviewId.current++, text }),
    [],
  );

  useEffect(() => {
    // Autorun waits until storage was checked, and never retrains a restored model.
    const storage = state.tools.storage;
    if (settings.autorun && !autorunDone.current && state.phase === 'ready' && state.dataset && storage.checked && storage.status !== 'restored') {
      autorunDone.current = true;
      train();
    }
  }, [settings.autorun, state.phase, state.dataset, state.tools.storage, train]);

  const sendTool = useCallback((request: ToolRequest) => {
    if (request.type === 'export') dispatch({ type: 'requestExport' });
    if (request.type === 'import') dispatch({ type: 'requestImport' });
    clientRef.current?.send(request);
  }, []);

  const sendScience = useCallback((request: ScienceRequest, track: boolean) => {
    if (track) dispatch({ type: 'requestJob', job: scienceJobOf(request) });
    clientRef.current?.send(request);
  }, []);
  const stopJob = useCallback(() => {
    dispatch({ type: 'requestStopJob' });
    clientRef.current?.send({ type: 'stop' });
  }, []);

  return { state, train, stop, prune, finetune, selectAnchor, scoreReview, dismissError, sendTool, sendScience, stopJob };
}
