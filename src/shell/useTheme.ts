// Light or dark theme: a link's `theme=` wins, then the choice saved in this browser, then
// the system setting (prefers-color-scheme). The theme is the `data-theme` attribute on
// <html>, which switches the CSS variables in styles.css (charts included).

import { useCallback, useEffect, useLayoutEffect, useState } from 'react';
import type { Theme } from '../kit/controls';

export const THEME_STORAGE_KEY = 'prunelab-theme';

function storedTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(THEME_STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null; // storage can be disabled; the system setting still applies
  }
}

function systemTheme(): Theme {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export interface ThemeApi {
  readonly theme: Theme;
  /** The theme a shared link carries: the link's own, or one toggled here (not a saved one). */
  readonly chosen: Theme | null;
  readonly toggle: () => void;
}

export function useTheme(fromUrl: Theme | null): ThemeApi {
  const [chosen, setChosen] = useState<Theme | null>(() => fromUrl ?? storedTheme());
  const [forLink, setForLink] = useState<Theme | null>(fromUrl);
  const [system, setSystem] = useState<Theme>(systemTheme);
  const theme = chosen ?? system;

  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  useEffect(() => {
    const query = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!query) return;
    const follow = () => setSystem(query.matches ? 'dark' : 'light');
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  const toggle = useCallback(() => {
    const next: Theme = theme === 'dark' ? 'light' : 'dark';
    setChosen(next);
    setForLink(next);
    try {
      window.localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch {
      // not saved: the URL still carries it
    }
  }, [theme]);

  return { theme, chosen: forLink, toggle };
}
