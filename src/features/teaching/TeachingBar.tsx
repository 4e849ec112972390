// The header's teaching and sharing tools: guided tour, copy link, theme toggle. Each can
// be hidden by the link (hide=tour,share,theme) for a simplified classroom view.

import type { HideableControl, Theme } from '../../shell/urlState';
import { CopyLink } from './CopyLink';
import { GuidedTour, type TourLab } from './GuidedTour';
import { ThemeToggle } from './ThemeToggle';

interface Props {
  readonly tour: TourLab;
  readonly link: string;
  readonly theme: Theme;
  readonly onToggleTheme: () => void;
  readonly hidden: readonly HideableControl[];
}

export function TeachingBar({ tour, link, theme, onToggleTheme, hidden }: Props) {
  return (
    <div className="teaching-bar">
      {!hidden.includes('tour') && <GuidedTour lab={tour} />}
      {!hidden.includes('share') && <CopyLink link={link} />}
      {!hidden.includes('theme') && <ThemeToggle theme={theme} onToggle={onToggleTheme} />}
    </div>
  );
}
