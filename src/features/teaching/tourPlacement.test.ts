import { describe, expect, it } from 'vitest';
import { GAP, placeTour, type Box, type Placement, type PopoverSize } from './tourPlacement';

const box = (top: number, bottom: number, left = 40, right = 500): Box => ({ top, bottom, left, right });
const laptop = { height: 768, maxScroll: 5000 };
/** A 440 px popover at the right of a 1024 px window, 16 px from the edge. */
const popover = (height: number, minHeight = 150): PopoverSize => ({ left: 1024 - 16 - 440, right: 1024 - 16, height, minHeight, inset: 16 });

/** Where the popover is in the window under a placement. */
function popoverSpan(p: Placement, pop: PopoverSize, windowHeight: number): [number, number] {
  const h = p.maxHeight ?? pop.height;
  return p.edge === 'bottom' ? [windowHeight - pop.inset - h, windowHeight - pop.inset] : [pop.inset, pop.inset + h];
}

function expectClear(reads: readonly Box[], p: Placement | null, pop: PopoverSize, win = laptop): void {
  if (!p) throw new Error('no placement');
  expect(p.fits).toBe(true);
  const [top, bottom] = popoverSpan(p, pop, win.height);
  for (const r of reads) {
    expect(r.top - p.scrollY).toBeGreaterThanOrEqual(0);
    expect(r.bottom - p.scrollY).toBeLessThanOrEqual(win.height);
    const besideIt = r.right <= pop.left || r.left >= pop.right;
    const clearVertically = r.bottom - p.scrollY <= top || r.top - p.scrollY >= bottom;
    expect(besideIt || clearVertically).toBe(true);
  }
}

describe('tour placement', () => {
  it('puts the popover beside readouts that leave room on its left, centred in the window', () => {
    const reads = [box(2000, 2300, 40, 500)];
    const p = placeTour(reads, [], laptop, popover(400));
    expectClear(reads, p, popover(400));
    expect(p?.scrollY).toBe(2000 - (768 - 300) / 2);
    expect(p?.maxHeight).toBeNull();
  });

  it('stacks the readouts above the popover when they span the width', () => {
    const reads = [box(2000, 2320, 40, 980)];
    const p = placeTour(reads, [], laptop, popover(360));
    expectClear(reads, p, popover(360));
    expect(p?.edge).toBe('bottom');
    expect(p?.maxHeight).toBeNull();
  });

  it('keeps the extra context (the slider) when there is room, drops it before shrinking the popover', () => {
    const reads = [box(2100, 2320, 40, 980)];
    const slider = [box(1990, 2010, 40, 500)];
    const roomy = placeTour(reads, slider, laptop, popover(360));
    expectClear([...reads, ...slider], roomy, popover(360));
    const tight = placeTour(reads, slider, laptop, popover(430));
    expectClear(reads, tight, popover(430));
    expect(tight?.maxHeight).toBeNull();
    expect(2010 - (tight?.scrollY ?? 0) < 0 || 1990 - (tight?.scrollY ?? 0) < 0).toBe(true);
  });

  it('shortens the popover (its text scrolls) when the readouts need the room, as on a phone', () => {
    const phone = { height: 844, maxScroll: 6000 };
    const pop: PopoverSize = { left: 8, right: 382, height: 420, minHeight: 170, inset: 8 };
    const reads = [box(1500, 2060, 20, 370)];
    const p = placeTour(reads, [], phone, pop);
    expectClear(reads, p, pop, phone);
    expect(p?.maxHeight).toBe(844 - 8 - 560 - 2 * GAP);
  });

  it('moves the popover to the top when the readouts sit at the very bottom of the page', () => {
    const reads = [box(5600, 5760, 40, 980)];
    const win = { height: 768, maxScroll: 5000 };
    const p = placeTour(reads, [], win, popover(360));
    expectClear(reads, p, popover(360), win);
    expect(p?.edge).toBe('top');
    expect(p?.scrollY).toBe(5000);
  });

  it('says when nothing fits: the readouts start at the top and the popover is at its least height', () => {
    const reads = [box(1000, 1700, 40, 980)];
    const p = placeTour(reads, [], laptop, popover(360));
    expect(p).toEqual({ scrollY: 1000 - GAP, edge: 'bottom', maxHeight: 150, fits: false });
  });
});
