// Reads a Chromium trace (Playwright's browser.startTracing with the V8 CPU profiler category)
// and sums the sampled time per function for each thread that ran JavaScript or wasm: where the
// worker and the kernels' helper threads spend their CPU time, spinning included.
//
// Why this file exists: tf.profile times kernels by wall clock on the calling thread only; the
// helper threads, tfjs's own work between kernels and any busy-waiting show only in samples.

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts?: number;
  readonly cat?: string;
  readonly id?: string;
  readonly args?: {
    readonly name?: string;
    readonly data?: {
      readonly startTime?: number;
      readonly cpuProfile?: {
        readonly nodes?: readonly { id: number; callFrame: { functionName: string; url?: string } }[];
        readonly samples?: readonly number[];
      };
      readonly timeDeltas?: readonly number[];
    };
  };
}

export interface ThreadSummary {
  readonly thread: string;
  readonly totalMs: number;
  readonly top: readonly { fn: string; ms: number }[];
}

/**
 * Sampled time per thread and function; with `from`/`to` (names of performance.mark calls in the
 * page or a worker, traced under 'blink.user_timing'), only the samples between the two marks.
 */
export function summarizeTrace(json: string, topN = 25, from?: string, to?: string): ThreadSummary[] {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  const markTs = (name: string | undefined) => (name ? events.find((e) => e.name === name && e.cat?.includes('user_timing'))?.ts : undefined);
  const [t0, t1] = [markTs(from) ?? -Infinity, markTs(to) ?? Infinity];
  const starts = new Map<string, number>();
  for (const e of events) if (e.name === 'Profile' && e.args?.data?.startTime !== undefined) starts.set(`${e.pid}:${e.id ?? ''}`, e.args.data.startTime);
  const clock = new Map<string, number>();
  const threadNames = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const nodeNames = new Map<string, Map<number, string>>();
  const perThread = new Map<string, Map<string, number>>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.args?.data) continue;
    const key = `${e.pid}:${e.tid}`;
    const profileKey = `${e.pid}:${e.id ?? ''}`;
    const names = nodeNames.get(profileKey) ?? new Map<number, string>();
    nodeNames.set(profileKey, names);
    for (const n of e.args.data.cpuProfile?.nodes ?? []) {
      const file = n.callFrame.url ? n.callFrame.url.split('/').at(-1) : '';
      names.set(n.id, `${n.callFrame.functionName || '(anonymous)'}${file ? ` ${file}` : ''}`);
    }
    const samples = e.args.data.cpuProfile?.samples ?? [];
    const deltas = e.args.data.timeDeltas ?? [];
    const acc = perThread.get(key) ?? new Map<string, number>();
    perThread.set(key, acc);
    // Each sample is charged the interval to the next one (the last gets the previous interval).
    let at = clock.get(profileKey) ?? starts.get(profileKey) ?? 0;
    for (let i = 0; i < samples.length; i++) {
      at += deltas[i] ?? 0;
      if (at < t0 || at > t1) continue;
      const us = deltas[i + 1] ?? deltas[i] ?? 0;
      const fn = names.get(samples[i]) ?? `node ${samples[i]}`;
      acc.set(fn, (acc.get(fn) ?? 0) + us / 1000);
    }
    clock.set(profileKey, at);
  }
  return [...perThread.entries()]
    .map(([key, fns]) => ({
      thread: `${threadNames.get(key) ?? 'thread'} (${key})`,
      totalMs: [...fns.values()].reduce((s, v) => s + v, 0),
      top: [...fns.entries()].sort((a, b) => b[1] - a[1]).slice(0, topN).map(([fn, ms]) => ({ fn, ms })),
    }))
    .filter((t) => t.totalMs > 50)
    .sort((a, b) => b.totalMs - a.totalMs);
}

export function traceTable(threads: readonly ThreadSummary[]): string {
  return threads
    .map((t) => [`${t.thread}: ${t.totalMs.toFixed(0)} ms sampled`, ...t.top.map((f) => `  ${f.ms.toFixed(1).padStart(8)} ms  ${f.fn}`)].join('\n'))
    .join('\n');
}
