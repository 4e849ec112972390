// CPU time per thread of a process tree (Linux /proc), summed by thread name: how much the
// page's main thread, the tfjs worker and the kernels' helper threads each used over a run.
//
// Why this file exists: V8's sampler charges a thread blocked in Atomics.wait to the waiting
// function, so traces cannot tell busy from blocked; the kernel's own accounting can.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ = 100

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(name)]);
    } catch {
      // ended meanwhile
    }
  }
  return kids;
}

/** `root` and every process below it. */
export function processTree(root: number): number[] {
  const kids = children();
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() ?? 0;
    out.push(pid);
    stack.push(...(kids.get(pid) ?? []));
  }
  return out;
}

/** ms of CPU per "process name / thread name" for `root` and its descendants. */
export function threadCpu(root: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const pid of processTree(root)) {
    let tids: string[] = [];
    try {
      tids = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    let proc = '?';
    try {
      proc = readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer') ? 'renderer' : readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // ended
    }
    for (const tid of tids) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${proc} / ${name}`;
        out.set(key, (out.get(key) ?? 0) + (Number(f[11]) + Number(f[12])) * TICK_MS);
      } catch {
        // ended
      }
    }
  }
  return out;
}

/** The threads that used at least `minMs` between two snapshots, busiest first. */
export function threadCpuDiff(a: Map<string, number>, b: Map<string, number>, minMs = 50): string {
  return [...b.entries()]
    .map(([k, v]) => [k, v - (a.get(k) ?? 0)] as const)
    .filter(([, v]) => v >= minMs)
    .sort((x, y) => y[1] - x[1])
    .map(([k, v]) => `  ${String(v).padStart(7)} ms  ${k}`)
    .join('\n');
}
