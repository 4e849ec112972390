// The steadied "time left": a throughput dip may not make it jump up, it still counts down,
// and a new run starts over.
import { describe, expect, it } from 'vitest';
import { MAX_RISE_PER_SECOND, nextTimeLeft, type TimeLeft } from './timeLeft';

/** Reports every 0.1 s of a run processing `total` items at `speeds[i]` during report i. */
function replay(total: number, speeds: readonly number[]): TimeLeft[] {
  const out: TimeLeft[] = [];
  let prev: TimeLeft | null = null;
  let done = 0;
  speeds.forEach((speed, i) => {
    done += speed * 0.1;
    prev = nextTimeLeft(prev, total - done, speed, (i + 1) * 0.1);
    if (prev) out.push(prev);
  });
  return out;
}

describe('nextTimeLeft', () => {
  it('a steady run counts down at one second per second', () => {
    const t = replay(130_000, Array<number>(50).fill(2000));
    expect(t[0].seconds).toBeCloseTo(64.9, 1);
    expect(t[49].seconds).toBeCloseTo(60, 1);
  });

  it('a one-report throughput dip to half does not make the time left jump from 1:01 to 2:03', () => {
    // 2,000 items/s with 122,000 items left: 1:01; then one report at 1,000 items/s.
    const speeds = [...Array<number>(20).fill(2000), 1000, ...Array<number>(10).fill(2000)];
    const t = replay(126_000, speeds);
    const before = t[19].seconds;
    expect(before).toBeCloseTo(61, 0);
    const after = t[20].seconds;
    // A raw estimate would read 121,000 / 1,000 s = 2:01.
    expect(after).toBeLessThanOrEqual(before * (1 + MAX_RISE_PER_SECOND * 0.1) + 1e-6);
    for (let i = 20; i < t.length; i++) expect(t[i].seconds).toBeLessThan(before * 1.05);
  });

  it('never rises by more than the bound, even when the speed halves for good', () => {
    const t = replay(200_000, [...Array<number>(10).fill(4000), ...Array<number>(100).fill(2000)]);
    for (let i = 1; i < t.length; i++) {
      const dt = t[i].at - t[i - 1].at;
      const expected = t[i - 1].seconds - dt;
      expect(t[i].seconds).toBeLessThanOrEqual(expected + dt * Math.max(MAX_RISE_PER_SECOND * expected, 1) + 1e-9);
    }
    // ...and it converges on the truth: about 160,000 items left at 2,000/s after 11 s.
    const last = t[t.length - 1];
    const truth = (200_000 - 4000 - 2000 * 10) / 2000;
    expect(Math.abs(last.seconds - truth) / truth).toBeLessThan(0.25);
  });

  it('starts over for a new run and ignores reports without a speed', () => {
    const first = nextTimeLeft(null, 10_000, 1000, 5);
    expect(first?.seconds).toBe(10);
    expect(nextTimeLeft(first, 9_000, 0, 6)).toBe(first);
    expect(nextTimeLeft(first, 50_000, 500, 0.1)?.seconds).toBe(100);
  });
});
