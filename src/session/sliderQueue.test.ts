import { describe, expect, it } from 'vitest';
import { abortError } from '../core/abort';
import { methodFor, type PruneMethod } from '../core/method';
import type { Measurement } from '../protocol/results';
import { SliderQueue, type SliderTarget, type Timers } from './sliderQueue';

const at = (rate: number): PruneMethod => methodFor(['a', 'b'], { rate });

/** Manual timers and a target that logs calls; each measurement ends when the test says so. */
function harness() {
  const log: string[] = [];
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
  const open: { seq: number; full: boolean; finish: (accuracy?: number) => void; fail: (e: unknown) => void }[] = [];
  let seq = 0;
  const target: SliderTarget = {
    prepare: async () => undefined,
    preview: (m) => {
      seq++;
      log.push(`preview ${seq} ${m.rate}`);
      return seq;
    },
    measure: (viewSeq, full, signal) =>
      new Promise<Measurement>((resolve, reject) => {
        log.push(`measure ${viewSeq} ${full ? 'full' : 'estimate'}`);
        open.push({ seq: viewSeq, full, finish: (accuracy = 0.5) => resolve({ viewSeq, estimate: !full, accuracy, examples: full ? 100 : 10, seconds: 0 }), fail: reject });
        signal.addEventListener('abort', () => {
          log.push(`abort ${viewSeq}`);
          reject(abortError());
        });
      }),
  };
  const queue = new SliderQueue(() => target, 150, fakeTimers);
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { log, timers, queue, open, tick };
}

describe('SliderQueue', () => {
  it('previews every move at once and estimates only after the slider rests', async () => {
    const h = harness();
    const first = h.queue.submit(at(0.1), false);
    const second = h.queue.submit(at(0.2), false);
    await h.tick();
    expect(h.log).toEqual(['preview 1 0.2']);
    expect(await first).toEqual({ viewSeq: -1, superseded: true, measurement: null });
    expect(h.timers.map((t) => t.ms)).toEqual([150]);
    h.timers[0].f();
    expect(h.log.at(-1)).toBe('measure 1 estimate');
    h.open[0].finish(0.8);
    expect(await second).toMatchObject({ viewSeq: 1, superseded: false, measurement: { estimate: true, accuracy: 0.8 } });
  });

  it('lets the estimate of the released setting finish and show before the full test set', async () => {
    // The release (final) of the setting being estimated must not abort the estimate.
    const h = harness();
    const move = h.queue.submit(at(0.5), false);
    await h.tick();
    h.timers[0].f();
    expect(h.log).toEqual(['preview 1 0.5', 'measure 1 estimate']);
    const release = h.queue.submit(at(0.5), true);
    await h.tick();
    expect(h.log).toEqual(['preview 1 0.5', 'measure 1 estimate']); // no abort, no second preview
    h.open[0].finish(0.7);
    expect(await move).toMatchObject({ superseded: false, measurement: { estimate: true, accuracy: 0.7 } });
    await h.tick();
    expect(h.log.at(-1)).toBe('measure 1 full');
    h.open[1].finish(0.71);
    expect(await release).toMatchObject({ viewSeq: 1, superseded: false, measurement: { estimate: false, accuracy: 0.71 } });
  });

  it('aborts a measurement of an older setting when the slider moves elsewhere', async () => {
    const h = harness();
    const full = h.queue.submit(at(0.5), true);
    await h.tick();
    expect(h.log).toEqual(['preview 1 0.5', 'measure 1 full']);
    const next = h.queue.submit(at(0.6), false);
    await h.tick();
    expect(h.log).toEqual(['preview 1 0.5', 'measure 1 full', 'abort 1', 'preview 2 0.6']);
    expect(await full).toEqual({ viewSeq: 1, superseded: true, measurement: null });
    h.queue.cancel();
    expect(await next).toMatchObject({ superseded: true });
  });

  it('answers a repeated move of an already estimated setting with that estimate', async () => {
    const h = harness();
    const first = h.queue.submit(at(0.5), false);
    await h.tick();
    h.timers[0].f();
    h.open[0].finish(0.6);
    await expect(first).resolves.toMatchObject({ measurement: { estimate: true, accuracy: 0.6 } });
    // The same setting again, before it is settled: nothing new to measure, the estimate stands.
    await expect(h.queue.submit(at(0.5), false)).resolves.toMatchObject({ viewSeq: 1, superseded: false, measurement: { accuracy: 0.6 } });
    expect(h.log).toEqual(['preview 1 0.5', 'measure 1 estimate']);
  });

  it('answers every request exactly once, and passes real failures on', async () => {
    const h = harness();
    const p = h.queue.submit(at(0.3), true);
    await h.tick();
    h.open[0].fail(new Error('disk on fire'));
    await expect(p).rejects.toThrow('disk on fire');
    const q = h.queue.submit(at(0.4), true);
    await h.tick();
    h.open[1].finish();
    await expect(q).resolves.toMatchObject({ superseded: false });
  });
});
