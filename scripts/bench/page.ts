// Reading the app from the bench: its data-state, backend, error text and the
// window.__prunelab performance record (src/shell/perfMarks.ts), plus bounded waits on them.

import type { Page } from '@playwright/test';

export interface TrainReport {
  readonly kind: 'train' | 'finetune';
  readonly step: number;
  readonly imagesPerSec: number;
  readonly numTensors: number;
}
export interface RunRecord {
  readonly kind: 'train' | 'finetune';
  readonly seconds: number;
  readonly imagesPerSec: number;
  readonly stopped: boolean;
}
export interface EvalRecord {
  readonly examples: number;
  readonly seconds: number;
  readonly estimate: boolean;
}
export interface Perf {
  readonly sliderLatencies: number[];
  readonly trainReports: TrainReport[];
  readonly runs: RunRecord[];
  readonly evals: EvalRecord[];
}

type PerfWindow = Window & { __prunelab?: Perf };

export interface AppStatus {
  readonly state: string;
  readonly backend: string;
  /** The badge's description of the backend, e.g. wasm's SIMD and thread count. */
  readonly detail: string;
  readonly error: string;
  readonly notices: string;
}

/** A figure that could not be taken: the bench goes on with the next one. */
export class BenchSkip extends Error {}

export async function readPerf(page: Page): Promise<Perf> {
  return page.evaluate(() => {
    const p = (window as PerfWindow).__prunelab;
    return {
      sliderLatencies: [...(p?.sliderLatencies ?? [])],
      trainReports: [...(p?.trainReports ?? [])],
      runs: [...(p?.runs ?? [])],
      evals: [...(p?.evals ?? [])],
    };
  });
}

export async function appStatus(page: Page): Promise<AppStatus> {
  return page.evaluate(() => {
    const text = (sel: string) => document.querySelector(sel)?.textContent?.trim() ?? '';
    return {
      state: document.querySelector('[data-testid=app]')?.getAttribute('data-state') ?? '',
      backend: text('[data-testid=backend-name]'),
      detail: text('[data-testid=backend-detail]').replace(/^·\s*/, ''),
      error: text('[data-testid=error-message]'),
      notices: text('.notices') || text('[role=alert]'),
    };
  });
}

/** Which perf list to watch, and how many entries it must exceed. */
export interface PerfCondition {
  readonly list: 'runs' | 'evals';
  readonly kind?: 'train' | 'finetune';
  readonly fullOnly?: boolean;
  readonly after: number;
}

/**
 * Waits until the perf list gains a matching entry and the app is back in `ready`, or the
 * app reports an error, or the timeout passes. Returns the app status at that point.
 */
export async function waitForPerf(page: Page, cond: PerfCondition, timeoutMs: number): Promise<AppStatus> {
  try {
    await page.waitForFunction(
      (c: PerfCondition) => {
        const state = document.querySelector('[data-testid=app]')?.getAttribute('data-state');
        if (state === 'error' || document.querySelector('[data-testid=error-message]')) return true;
        const p = (window as PerfWindow).__prunelab;
        if (!p) return false;
        const list: { kind?: string; estimate?: boolean }[] = c.list === 'runs' ? p.runs : p.evals;
        const hits = list.filter((e) => (c.kind === undefined || e.kind === c.kind) && (!c.fullOnly || e.estimate === false));
        return hits.length > c.after && state === 'ready';
      },
      cond,
      { timeout: timeoutMs, polling: 200 },
    );
  } catch (e) {
    const status = await appStatus(page);
    throw new BenchSkip(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${cond.list} (state ${status.state}): ${String(e).split('\n')[0]}`);
  }
  const status = await appStatus(page);
  if (status.state === 'error' || status.error) throw new BenchSkip(`the app reported an error: ${status.error || status.notices}`);
  return status;
}

export function countMatching(perf: Perf, cond: Omit<PerfCondition, 'after'>): number {
  const list: readonly { kind?: string; estimate?: boolean }[] = cond.list === 'runs' ? perf.runs : perf.evals;
  return list.filter((e) => (cond.kind === undefined || e.kind === cond.kind) && (!cond.fullOnly || e.estimate === false)).length;
}

/** Waits until the backend badge names a backend (or the app fails) and returns the status. */
export async function waitForBackend(page: Page, timeoutMs: number): Promise<AppStatus> {
  try {
    await page.waitForFunction(
      () => {
        const state = document.querySelector('[data-testid=app]')?.getAttribute('data-state');
        const name = document.querySelector('[data-testid=backend-name]')?.textContent ?? '';
        return state === 'error' || /^(webgpu|webgl|wasm|cpu)$/.test(name.trim());
      },
      undefined,
      { timeout: timeoutMs, polling: 100 },
    );
  } catch {
    throw new BenchSkip(`no backend chosen within ${Math.round(timeoutMs / 1000)} s`);
  }
  return appStatus(page);
}
