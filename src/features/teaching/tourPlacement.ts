// Where the tour's popover sits and where the page scrolls, so that what a step asks you to
// read is on screen and not under the popover. The popover is fixed to the right (full width
// on a phone), at the bottom or the top of the window: beside the readouts when they leave
// room on its left, else above them or below them; when even that leaves too little room,
// the popover gets shorter (its text scrolls). Pure geometry, no DOM.

/** A box: vertical edges in page coordinates (scroll included), horizontal in the window's. */
export interface Box {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
  readonly right: number;
}

export interface TourWindow {
  readonly height: number;
  /** The furthest the page can scroll down. */
  readonly maxScroll: number;
}

export interface PopoverSize {
  /** Its horizontal edges in the window. */
  readonly left: number;
  readonly right: number;
  /** Its height with all its text, and the least it may shrink to. */
  readonly height: number;
  readonly minHeight: number;
  /** Its distance from the window's bottom or top edge. */
  readonly inset: number;
}

export interface Placement {
  readonly scrollY: number;
  readonly edge: 'top' | 'bottom';
  /** A height to shrink the popover to, or null for its full height. */
  readonly maxHeight: number | null;
  /** False when nothing fitted: the readouts start at the top, the popover at its least height. */
  readonly fits: boolean;
}

/** Room kept between the readouts and the popover or the window's edge. */
export const GAP = 8;

export function union(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  return {
    top: Math.min(...boxes.map((b) => b.top)),
    bottom: Math.max(...boxes.map((b) => b.bottom)),
    left: Math.min(...boxes.map((b) => b.left)),
    right: Math.max(...boxes.map((b) => b.right)),
  };
}

const clampScroll = (y: number, win: TourWindow) => Math.max(0, Math.min(win.maxScroll, Math.round(y)));

/** Beside the popover: the readouts centred vertically, clear of the popover horizontally. */
function beside(u: Box, win: TourWindow, pop: PopoverSize): Placement | null {
  const clear = u.right <= pop.left - GAP || u.left >= pop.right + GAP;
  if (!clear) return null;
  const y = clampScroll(u.top - (win.height - (u.bottom - u.top)) / 2, win);
  if (u.top - y < 0 || u.bottom - y > win.height) return null;
  return { scrollY: y, edge: 'bottom', maxHeight: null, fits: true };
}

/** Above a popover at the bottom, or below one at the top, at the tallest height that leaves the readouts room. */
function stacked(u: Box, win: TourWindow, pop: PopoverSize, edge: 'top' | 'bottom', shrink: boolean): Placement | null {
  const need = u.bottom - u.top;
  const height = Math.min(pop.height, win.height - pop.inset - need - 2 * GAP);
  if (height < (shrink ? pop.minHeight : pop.height)) return null;
  // The free band the readouts go in, and the scroll that centres them in it.
  const bandTop = edge === 'bottom' ? GAP : pop.inset + height + GAP;
  const band = win.height - pop.inset - height - 2 * GAP;
  const y = clampScroll(u.top - bandTop - (band - need) / 2, win);
  // At the page's top or bottom the scroll is clamped: the popover may still shrink to keep clear.
  const room = edge === 'bottom' ? win.height - pop.inset - GAP - (u.bottom - y) : u.top - y - pop.inset - GAP;
  const fitted = Math.min(height, room);
  if (u.top - y < 0 || u.bottom - y > win.height || fitted < (shrink ? pop.minHeight : pop.height)) return null;
  return { scrollY: y, edge, maxHeight: fitted < pop.height ? fitted : null, fits: true };
}

function placeBox(u: Box, win: TourWindow, pop: PopoverSize, shrink: boolean): Placement | null {
  return beside(u, win, pop) ?? stacked(u, win, pop, 'bottom', shrink) ?? stacked(u, win, pop, 'top', shrink);
}

/**
 * Places the popover for `reads` (must be seen) and `extra` (seen too where there is room),
 * trying in turn: everything at the popover's full height, the readouts alone at full
 * height, everything with the popover shortened, the readouts alone shortened.
 */
export function placeTour(reads: readonly Box[], extra: readonly Box[], win: TourWindow, pop: PopoverSize): Placement | null {
  const must = union(reads);
  if (!must) return null;
  const all = union([...reads, ...extra]) ?? must;
  const found = placeBox(all, win, pop, false) ?? placeBox(must, win, pop, false) ?? placeBox(all, win, pop, true) ?? placeBox(must, win, pop, true);
  return found ?? { scrollY: clampScroll(must.top - GAP, win), edge: 'bottom', maxHeight: pop.minHeight, fits: false };
}
