// Keeps the address bar equal to what is on screen: whenever a control changes, the URL is
// rewritten in place (history.replaceState, debounced, no new history entry), so the link a
// teacher copies, bookmarks or reloads reproduces the same experiment.

import { useEffect } from 'react';
import { toSearch, type UrlState } from './urlState';

export const URL_SYNC_MS = 250;

/** The full link for `state` on this page (same origin, path and hash). */
export function linkFor(state: UrlState, location: Pick<Location, 'origin' | 'pathname' | 'hash'>): string {
  return `${location.origin}${location.pathname}${toSearch(state)}${location.hash}`;
}

/** Mirrors `state` into the address bar after `delayMs` of quiet; returns the link at once. */
export function useUrlSync(state: UrlState, delayMs = URL_SYNC_MS): string {
  const search = toSearch(state);
  useEffect(() => {
    if (search === window.location.search) return;
    const timer = setTimeout(() => {
      const { pathname, hash } = window.location;
      window.history.replaceState(window.history.state, '', `${pathname}${search}${hash}`);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [search, delayMs]);
  return linkFor(state, window.location);
}
