// How much CPU other processes took while a backend was measured (Linux /proc): the whole
// machine's busy time minus this bench's process tree (vite preview, Chromium and the
// children it reaped). On a shared 2-core machine this explains most run-to-run spread.

import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

interface Sample {
  readonly at: number;
  readonly busy: number;
  readonly ours: number;
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu user nice system idle iowait irq softirq steal …
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + (steal || 0);
}

/** utime+stime+cutime+cstime of `root` and all its descendants, in ticks. */
function treeTicks(root: number): number {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
      parent.set(Number(name), Number(f[1]));
      ticks.set(Number(name), Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]));
    } catch {
      // the process ended meanwhile
    }
  }
  let sum = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) {
        sum += t;
        break;
      }
    }
  }
  return sum;
}

export function cpuSample(): Sample | null {
  try {
    return { at: Date.now(), busy: machineBusyTicks(), ours: treeTicks(process.pid) };
  } catch {
    return null; // not Linux
  }
}

/** Share of the machine's CPU capacity (0–1) used by other processes between two samples. */
export function foreignShare(a: Sample | null, b: Sample | null): number | null {
  if (!a || !b || b.at <= a.at) return null;
  const capacity = ((b.at - a.at) / 1000) * TICKS * cpus().length;
  const foreign = b.busy - a.busy - (b.ours - a.ours);
  return Math.round(Math.min(1, Math.max(0, foreign / capacity)) * 1000) / 1000;
}

/**
 * Waits, at most maxMs, until other processes use less than `threshold` of the CPU over a
 * 2-second window. Returns the seconds waited and the last share seen.
 */
export async function waitForQuiet(maxMs: number, threshold = 0.1): Promise<{ waitedS: number; share: number | null }> {
  const t0 = Date.now();
  let share: number | null = null;
  for (;;) {
    const a = cpuSample();
    await new Promise((r) => setTimeout(r, 2000));
    share = foreignShare(a, cpuSample());
    if (share === null || share < threshold || Date.now() - t0 + 2000 > maxMs) break;
  }
  return { waitedS: Math.round((Date.now() - t0) / 100) / 10, share };
}
