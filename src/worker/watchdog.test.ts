// The watchdog's rules: silence counts only while a call is pending, any message resets it,
// a page that itself was paused does not blame the worker, and a stall is reported after
// the timeout and not before.
import { describe, expect, it } from 'vitest';
import { CPU_WATCHDOG_SECONDS, Watchdog, WATCHDOG_SECONDS, watchdogSeconds } from './watchdog';

/** Ticks every `step` ms from `from` to `to`; returns the verdicts. */
function run(w: Watchdog, from: number, to: number, step: number, pending: boolean, heardEvery = 0) {
  const verdicts: string[] = [];
  for (let t = from; t <= to; t += step) {
    if (heardEvery > 0 && t % heardEvery === 0) w.heard(t);
    verdicts.push(w.tick(t, pending, 10_000));
  }
  return verdicts;
}

describe('worker watchdog', () => {
  it('reports a stall only after the timeout of silence while a call is pending', () => {
    const w = new Watchdog(1000, 0);
    const v = run(w, 1000, 10_000, 1000, true);
    expect(v.every((x) => x === 'ping')).toBe(true);
    expect(w.tick(11_000, true, 10_000)).toBe('stalled');
    expect(w.silentMs(11_000)).toBe(11_000);
  });

  it('never counts idle time: a call sent after a long idle period starts a fresh clock', () => {
    const w = new Watchdog(1000, 0);
    expect(run(w, 1000, 60_000, 1000, false).every((x) => x === 'idle')).toBe(true);
    expect(run(w, 61_000, 70_000, 1000, true).every((x) => x === 'ping')).toBe(true);
    expect(w.tick(72_000, true, 10_000)).toBe('stalled');
  });

  it('a worker that answers (events, pongs or heartbeats) is never flagged, however long the call', () => {
    const w = new Watchdog(1000, 0);
    expect(run(w, 1000, 600_000, 1000, true, 9000)).not.toContain('stalled');
  });

  it('a page whose own timers were paused (a background tab) gives the worker a fresh window', () => {
    const w = new Watchdog(1000, 0);
    expect(w.tick(1000, true, 10_000)).toBe('ping');
    expect(w.tick(300_000, true, 10_000)).toBe('ping');
    expect(run(w, 301_000, 310_000, 1000, true)).not.toContain('stalled');
    expect(w.tick(311_000, true, 10_000)).toBe('stalled');
  });

  it('allows the link\'s silence if it sets one, else a minute, and a quarter of an hour on the slow cpu backend', () => {
    expect(watchdogSeconds('wasm', null)).toBe(WATCHDOG_SECONDS);
    expect(watchdogSeconds(null, null)).toBe(WATCHDOG_SECONDS);
    expect(watchdogSeconds('cpu', null)).toBe(CPU_WATCHDOG_SECONDS);
    expect(watchdogSeconds('cpu', 5)).toBe(5);
  });

  it('takes the timeout in force at each tick (the backend becomes known after the call started)', () => {
    const w = new Watchdog(1000, 0);
    expect(w.tick(1000, true, 500)).toBe('stalled');
    expect(w.tick(2000, true, 600_000)).toBe('ping');
  });
});
