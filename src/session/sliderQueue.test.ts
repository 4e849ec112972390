import { describe, expect, it } from 'vitest';
import { PruneScheduler, type PruneTarget, type Timers } from './sliderQueue';

/** Manual timers and a target that records calls; each measurement ends when told to. */
function harness() {
  const calls: string[] = [];
  const timers: { f: () => void; ms: number; cancelled: boolean }[] = [];
  const fakeTimers: Timers = {
    setTimeout: (f, ms) => {
      const t = { f, ms, cancelled: false };
      timers.push(t);
      return t;
    },
    clearTimeout: (h) => {
      (h as { cancelled: boolean }).cancelled = true;
    },
  };
  const open: { resolve: () => void; signal: AbortSignal }[] = [];
  const target: PruneTarget<number> = {
    preview: (id, rate) => void calls.push(`preview ${id} ${rate}`),
    measure: (id, full, signal) => {
      calls.push(`measure ${id} ${full ? 'full' : 'estimate'}`);
      return new Promise<void>((resolve, reject) => {
        open.push({ resolve, signal });
        signal.addEventListener('abort', () => {
          calls.push(`abort ${id}`);
          reject(new DOMException('stopped', 'AbortError'));
        });
      });
    },
  };
  const errors: unknown[] = [];
  const scheduler = new PruneScheduler<number>(() => target, (e) => errors.push(e), 150, fakeTimers);
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { calls, timers, scheduler, open, errors, tick };
}

describe('PruneScheduler', () => {
  it('previews every move at once and estimates only after the slider rests', async () => {
    const h = harness();
    await h.scheduler.submit({ id: 1, request: 0.1, final: false });
    await h.scheduler.submit({ id: 2, request: 0.2, final: false });
    expect(h.calls).toEqual(['preview 1 0.1', 'preview 2 0.2']);
    expect(h.timers.map((t) => [t.ms, t.cancelled])).toEqual([
      [150, true], // the first move's estimate was cancelled by the second move
      [150, false],
    ]);
    h.timers[1].f();
    expect(h.calls.at(-1)).toBe('measure 2 estimate');
    h.open[0].resolve();
  });

  it('previews a new move during a measurement and aborts the stale measurement', async () => {
    const h = harness();
    const full = h.scheduler.submit({ id: 1, request: 0.5, final: true });
    expect(h.calls).toEqual(['preview 1 0.5', 'measure 1 full']);
    await h.scheduler.submit({ id: 2, request: 0.6, final: false });
    expect(h.calls).toEqual(['preview 1 0.5', 'measure 1 full', 'abort 1', 'preview 2 0.6']);
    await full;
    expect(h.errors).toEqual([]); // an abort is not an error
    const release = h.scheduler.submit({ id: 3, request: 0.7, final: true });
    await h.tick();
    expect(h.calls.slice(-2)).toEqual(['preview 3 0.7', 'measure 3 full']);
    h.open.at(-1)?.resolve();
    await release;
  });

  it('cancel() drops a scheduled estimate and aborts a running measurement', async () => {
    const h = harness();
    await h.scheduler.submit({ id: 1, request: 0.1, final: false });
    h.scheduler.cancel();
    expect(h.timers[0].cancelled).toBe(true);
    const full = h.scheduler.submit({ id: 2, request: 0.9, final: true });
    h.scheduler.cancel();
    await full;
    expect(h.calls).toEqual(['preview 1 0.1', 'preview 2 0.9', 'measure 2 full', 'abort 2']);
  });

  it('reports preview and measurement errors without stopping', async () => {
    const errors: unknown[] = [];
    const bad = new PruneScheduler<number>(
      () => ({
        preview: (id) => {
          if (id === 1) throw new Error('preview boom');
        },
        measure: async () => {
          throw new Error('measure boom');
        },
      }),
      (e) => errors.push(e),
    );
    await bad.submit({ id: 1, request: 0, final: true });
    await bad.submit({ id: 2, request: 0, final: true });
    expect(errors.map(String)).toEqual(['Error: preview boom', 'Error: measure boom']);
  });
});
