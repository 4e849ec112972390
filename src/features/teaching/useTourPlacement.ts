// Measures what a tour step asks you to read and the popover, asks tourPlacement where the
// popover goes and where the page scrolls, and applies it: when the step opens, when its
// setting has been applied, and whenever the page or the window changes size (a readout
// settling, a warning appearing), until the reader scrolls the page themselves. The popover's
// edge and height are set on its element (data-edge, max-height), outside React's render.

import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { placeTour, type Box } from './tourPlacement';

/** Lines of text the popover keeps when it is shortened (its text then scrolls). */
const MIN_BODY_PX = 66;
const SCROLL_KEYS = new Set(['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', ' ']);

function boxesOf(selectors: readonly string[]): Box[] {
  return selectors.flatMap((s) => {
    const el = document.querySelector<HTMLElement>(s);
    if (!el) return [];
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return [];
    return [{ top: r.top + window.scrollY, bottom: r.bottom + window.scrollY, left: r.left, right: r.right }];
  });
}

/** Places the popover (its `data-edge` and max-height, set on the element) and scrolls the page. */
function placePopover(d: HTMLElement, b: HTMLElement | null, reads: readonly string[], alsoShows: readonly string[], fallback: () => HTMLElement | null): void {
  const must = boxesOf(reads);
  if (must.length === 0) {
    fallback()?.scrollIntoView({ block: 'start', behavior: 'auto' });
    return;
  }
  const rect = d.getBoundingClientRect();
  const height = rect.height + (b ? b.scrollHeight - b.clientHeight : 0);
  const minHeight = b ? height - b.scrollHeight + Math.min(b.scrollHeight, MIN_BODY_PX) : height;
  const inset = parseFloat(getComputedStyle(d).getPropertyValue('--tour-inset')) || 16;
  const win = { height: window.innerHeight, maxScroll: document.documentElement.scrollHeight - window.innerHeight };
  const p = placeTour(must, boxesOf(alsoShows), win, { left: rect.left, right: rect.right, height, minHeight, inset });
  if (!p) return;
  window.scrollTo({ top: p.scrollY, behavior: 'auto' });
  d.dataset.edge = p.edge;
  d.style.maxHeight = p.maxHeight === null ? '' : `${p.maxHeight}px`;
}

interface Args {
  readonly popover: RefObject<HTMLDivElement | null>;
  readonly body: RefObject<HTMLDivElement | null>;
  /** Null while the tour is closed. */
  readonly reads: readonly string[] | null;
  readonly alsoShows: readonly string[];
  /** Scrolled into view when none of the readouts is on the page. */
  readonly fallback: () => HTMLElement | null;
  /** Changes whenever the step, or what is on screen under it, changes: placed again. */
  readonly stepKey: string;
}

export function useTourPlacement({ popover, body, reads, alsoShows, fallback, stepKey }: Args): void {
  const userMoved = useRef(false);
  const frame = useRef(0);

  // A new step (or new content under it): place at once, before the browser paints.
  useLayoutEffect(() => {
    userMoved.current = false;
    if (popover.current && reads) placePopover(popover.current, body.current, reads, alsoShows, fallback);
  }, [popover, body, reads, alsoShows, fallback, stepKey]);

  // Then again whenever the page or the window changes size, until the reader scrolls.
  useEffect(() => {
    const d = popover.current;
    if (!d || !reads) return;
    const later = () => {
      if (userMoved.current) return;
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(() => placePopover(d, body.current, reads, alsoShows, fallback));
    };
    const moved = (e: Event) => {
      if (e instanceof KeyboardEvent && (!SCROLL_KEYS.has(e.key) || e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || d.contains(e.target as Node))) return;
      userMoved.current = true;
    };
    const observer = new ResizeObserver(later);
    observer.observe(document.body);
    observer.observe(d);
    window.addEventListener('resize', later);
    window.addEventListener('wheel', moved, { passive: true });
    window.addEventListener('touchmove', moved, { passive: true });
    window.addEventListener('keydown', moved);
    return () => {
      cancelAnimationFrame(frame.current);
      observer.disconnect();
      window.removeEventListener('resize', later);
      window.removeEventListener('wheel', moved);
      window.removeEventListener('touchmove', moved);
      window.removeEventListener('keydown', moved);
    };
  }, [popover, body, reads, alsoShows, fallback, stepKey]);
}
