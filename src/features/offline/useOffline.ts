// The page's side of offline use: once the lab is first ready, the service worker that
// keeps the app's own files is registered (production builds only; registering later keeps
// its downloads out of the first visit's way); what the data cache holds, a preload of
// everything (the button, or ?preload=all once ready) with its progress, and clearing it.

import { useCallback, useEffect, useRef, useState } from 'react';
import { DataCache } from '../../core/data/dataCache';
import { preloadAll, type PreloadProgress } from '../../core/data/preload';

export interface OfflineState {
  /** Data files kept in this browser and their size, null until counted (or without Cache Storage). */
  readonly cached: { readonly files: number; readonly bytes: number } | null;
  readonly preload: { readonly status: 'idle' | 'running' | 'done' | 'failed'; readonly progress: PreloadProgress | null; readonly message: string | null };
  /** A cache that cannot be used (a full quota, no Cache Storage): the page loads from the network. */
  readonly notice: string | null;
}

const IDLE: OfflineState['preload'] = { status: 'idle', progress: null, message: null };

function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').catch(() => undefined); // blocked or unsupported: the page works without it
}

export function useOffline(ready: boolean, dataUrl: string, preloadOnReady: boolean) {
  const [state, setState] = useState<OfflineState>({ cached: null, preload: IDLE, notice: null });
  const cache = useRef<DataCache | null>(null);
  const started = useRef(false);
  const cacheOf = useCallback(() => {
    cache.current ??= DataCache.platform((why) =>
      setState((s) => ({ ...s, notice: why === 'quota' ? "This browser's storage is full: files load from the network instead." : 'This browser refused to keep the files: they load from the network instead.' })),
    );
    return cache.current;
  }, []);

  const refresh = useCallback(async () => {
    const available = 'caches' in globalThis;
    const cached = available ? await cacheOf().summary() : null;
    setState((s) => ({ ...s, cached, notice: available ? s.notice : 'This browser keeps no files for offline use here (Cache Storage needs https or localhost).' }));
  }, [cacheOf]);

  const preload = useCallback(async () => {
    setState((s) => ({ ...s, preload: { status: 'running', progress: null, message: null } }));
    try {
      const n = await preloadAll({ baseUrl: dataUrl, cache: cacheOf() }, (progress) => setState((s) => ({ ...s, preload: { ...s.preload, progress } })));
      setState((s) => ({ ...s, preload: { status: 'done', progress: s.preload.progress, message: `All ${n} data files are in this browser.` } }));
    } catch (e) {
      setState((s) => ({ ...s, preload: { status: 'failed', progress: s.preload.progress, message: e instanceof Error ? e.message : String(e) } }));
    }
    await refresh();
  }, [cacheOf, dataUrl, refresh]);

  const clear = useCallback(async () => {
    await cacheOf().clear();
    setState((s) => ({ ...s, preload: IDLE }));
    await refresh();
  }, [cacheOf, refresh]);

  useEffect(() => {
    if (!ready) return;
    if (!started.current) {
      started.current = true;
      registerServiceWorker();
      if (preloadOnReady) void preload();
    }
    void refresh();
  }, [ready, preloadOnReady, preload, refresh]);

  return { state, preload, clear };
}
