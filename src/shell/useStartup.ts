// What the page does on its own when it opens: load the data (and restore a stored model of
// this experiment), then, when the link says autorun=1, train — unless the model was
// restored, which autorun never retrains, or could not be restored (kept aside and named). Until init (and autorun's training) has been sent,
// the phase cannot read ready.

import { useEffect, useRef, useState } from 'react';
import type { PruneMethod } from '../core/method';
import type { LabPort } from '../protocol/port';
import type { UrlState } from './urlState';

/** Where the data files and their manifest are, relative to the page (any sub-path). */
export const dataUrl = (): string => new URL('data/', document.baseURI).href;

/**
 * Sends init (and autorun's train); returns how many of the link's requests are still to be
 * sent. Sent again after a stuck worker was replaced (`restarts` grows): the new worker
 * restores the saved checkpoints and shows them with the method on screen; it never retrains
 * on its own.
 */
export function useStartup(port: LabPort, url: UrlState, method: PruneMethod, restarts = 0): number {
  // The page's first render comes before init is sent: it is already an intent, so the
  // phase never reads a ready that nothing has settled.
  const [intents, setIntents] = useState(1);
  const latest = useRef(method);
  useEffect(() => {
    latest.current = method;
  }, [method]);
  // Read once: the experiment's settings never change in a page (changing them reloads it).
  const first = useRef(url);

  useEffect(() => {
    const u = first.current;
    let live = true;
    port
      .call('init', {
        model: u.model,
        backend: u.backend,
        dataUrl: dataUrl(),
        train: u.train,
        test: u.test,
        storage: { epochs: u.epochs, seed: u.seed },
        method: latest.current,
        start: u.start,
        stallSeconds: u.stall,
      })
      .then(
        (result) => {
          if (!live) return;
          // Autorun trains from scratch unless a model is already there (restored, or the trained start),
          // and never over stored records that could not be restored: the page says what they are.
          const model = result.restored || result.shipped;
          const unrestored = result.storage.unrestored !== undefined;
          if (u.autorun && !model && !unrestored && restarts === 0) port.call('train', { epochs: u.epochs, seed: u.seed, method: latest.current }).catch(() => undefined);
          // Before the user commits to training: how long it will take on this device.
          else if (!model) port.call('probe', {}).catch(() => undefined);
          setIntents(0);
        },
        () => {
          if (live) setIntents(0);
        },
      );
    return () => {
      live = false;
    };
  }, [port, restarts]);

  return intents;
}
