// Moves the pruning slider from inside the page (native value setter + a bubbling `input`
// event, which is what React listens to), one move every intervalMs, or as soon as the page
// is free again when it falls behind. As a cross-check of the app's own
// sliderLatencies it times each move from its input event to the animation frame after the
// sparsity readout first showed that move's value or a newer one, and it records how long
// each input event kept the main thread (React's synchronous render) and the long tasks.

import type { Page } from '@playwright/test';

export interface SweepResult {
  /** ms per move, null where no display of that move or a newer one was seen in time. */
  readonly observed: (number | null)[];
  /** The app's own sliderLatencies recorded between the first move and the end of the drain. */
  readonly app: number[];
  /** Moves whose own value was never drawn: a newer move's stats replaced them. */
  readonly superseded: number;
  readonly moves: number;
  /** Time from the first to the last move. */
  readonly seconds: number;
  /** ms each `input` dispatch took on the main thread (handler + synchronous render). */
  readonly inputMs: number[];
  /** Durations (ms) of the main thread's long tasks (> 50 ms) during the sweep. */
  readonly longTasks: number[];
}

/** 0.01, 0.03, … 0.99 and back down to 0.01: about 99 distinct moves. */
export function sweepValues(step = 0.02): number[] {
  const up: number[] = [];
  for (let v = 0.01; v <= 0.99 + 1e-9; v += step) up.push(Math.round(v * 100) / 100);
  const down = up.slice(0, -1).reverse();
  return [...up, ...down];
}

/** A slow drag: 0.50, 0.51, … 0.79 (30 moves). */
export function slowSweepValues(): number[] {
  return Array.from({ length: 30 }, (_, i) => Math.round((0.5 + i * 0.01) * 100) / 100);
}

export async function sweepSlider(page: Page, values: readonly number[], intervalMs: number, drainMs: number): Promise<SweepResult> {
  return page.evaluate(
    async ({ values, intervalMs, drainMs }) => {
      const input = document.querySelector<HTMLInputElement>('[data-testid=prune-slider]');
      const display = document.querySelector('[data-testid=sparsity-total]');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      if (!input || !display || !setter) throw new Error('slider, sparsity readout or value setter not found');
      const appList = () => (window as Window & { __prunelab?: { sliderLatencies: number[] } }).__prunelab?.sliderLatencies ?? [];
      const appBefore = appList().length;
      const sent: { t: number; text: string }[] = [];
      const done: (number | null)[] = values.map(() => null);
      let firstOpen = 0;
      let superseded = 0;
      const observer = new MutationObserver(() => {
        const text = display.textContent?.trim() ?? '';
        let j = -1;
        for (let k = sent.length - 1; k >= firstOpen; k--) {
          if (sent[k].text === text) {
            j = k;
            break;
          }
        }
        if (j < 0) return;
        const covered: number[] = [];
        for (let k = firstOpen; k <= j; k++) if (done[k] === null) covered.push(k);
        superseded += covered.filter((k) => k < j).length;
        firstOpen = j + 1;
        requestAnimationFrame(() => {
          const t = performance.now();
          for (const k of covered) done[k] = t - sent[k].t;
        });
      });
      observer.observe(display, { childList: true, characterData: true, subtree: true });
      const longTasks: number[] = [];
      const tasks = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) longTasks.push(e.duration);
      });
      tasks.observe({ type: 'longtask', buffered: false });
      const inputMs: number[] = [];
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const t0 = performance.now();
      for (let i = 0; i < values.length; i++) {
        // On schedule when the page keeps up; when it does not, the next move follows as soon
        // as the main thread is free (like a drag whose input events wait), never in one task.
        if (i > 0) await sleep(Math.max(0, t0 + i * intervalMs - performance.now()));
        setter.call(input, String(values[i]));
        const t = performance.now();
        sent.push({ t, text: `${(values[i] * 100).toFixed(1)}%` });
        input.dispatchEvent(new Event('input', { bubbles: true }));
        inputMs.push(performance.now() - t);
      }
      const seconds = (performance.now() - t0) / 1000;
      const deadline = performance.now() + drainMs;
      while (done.at(-1) === null && performance.now() < deadline) await sleep(20);
      await sleep(40);
      observer.disconnect();
      tasks.disconnect();
      // Read before the app's settle timer (300 ms after the last move) adds a non-move entry.
      const app = appList().slice(appBefore);
      return { observed: done, app, superseded, moves: values.length, seconds, inputMs, longTasks };
    },
    { values: [...values], intervalMs, drainMs },
  );
}
