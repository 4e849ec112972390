// Light / dark theme switch: a toggle button (aria-pressed = dark theme on).

import type { Theme } from '../../kit/controls';

export function ThemeToggle({ theme, onToggle }: { theme: Theme; onToggle: () => void }) {
  return (
    <button type="button" data-testid="theme-toggle" aria-pressed={theme === 'dark'} onClick={onToggle}>
      Dark theme
    </button>
  );
}
