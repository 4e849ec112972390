// The header's teaching and sharing tools: guided tour, copy link, theme toggle. Each can
// be hidden by the link (hide=tour,share,theme) for a simplified classroom view.

import type { HideableControl, Theme } from '../../kit/controls';
import { CopyLink } from './CopyLink';
import { GuidedTour, type TourLab } from './GuidedTour';
import { ThemeToggle } from './ThemeToggle';

interface Props {
  readonly tour: TourLab;
  readonly link: string;
  /** What the link cannot carry, said when it is copied. */
  readonly linkNote?: string | null;
  readonly theme: Theme;
  readonly onToggleTheme: () => void;
  readonly shown: (control: HideableControl) => boolean;
}

export function TeachingBar({ tour, link, linkNote = null, theme, onToggleTheme, shown }: Props) {
  return (
    <div className="teaching-bar">
      {shown('tour') && <GuidedTour lab={tour} />}
      {shown('share') && <CopyLink link={link} note={linkNote} />}
      {shown('theme') && <ThemeToggle theme={theme} onToggle={onToggleTheme} />}
    </div>
  );
}
