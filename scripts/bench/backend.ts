// One backend's bench: N autorun training runs (a fresh page each), then on the last
// trained page a fast and a slow slider sweep, settled positions for test-set inference,
// and a one-epoch fine-tune at 90 %. Every step is time-bounded; a failure ends the backend with a note.

import type { Browser, Page } from '@playwright/test';
import { cpuSample, foreignShare } from './cpuload';
import { compactRun, type CompactFigure } from './compact';
import { imdbRun, type ImdbFigure } from './imdb';
import { settleAt, trainAt } from './runs';
import { inferenceFigure, peakTensors, runFigure, type InferenceFigure, type RunFigure } from './figures';
import { appStatus, BenchSkip, readPerf, waitForPerf, type TrainReport } from './page';
import type { Profile } from './profiles';
import { slowSweepValues, sweepValues } from './slider';
import { sliderSweep, type SliderFigure } from './sweep';
import type { Limit } from './stats';

export type { Limit } from './stats';
import { round, spread, type Spread } from './stats';

export interface FinetuneFigure {
  readonly images: number;
  readonly seconds: number;
  readonly imagesPerSec: number;
  /** Seconds for a 60,000-image epoch at that rate. */
  readonly fullEpochSeconds: number;
}

export interface BackendResult {
  readonly backend: string;
  readonly status: 'ok' | 'partial' | 'skipped';
  readonly used: string | null;
  /** How the app described the backend it used (e.g. "WebAssembly, SIMD, 2 threads"). */
  readonly detail: string | null;
  readonly config: { train: number; test: number; batch: number; epochs: number; runsRequested: number; runsDone: number };
  readonly train: { readonly imagesPerSec: Spread | null; readonly runs: RunFigure[] };
  readonly inference: InferenceFigure | null;
  readonly slider: SliderFigure | null;
  /** A slow drag (a move every slowIntervalMs): the worker's accuracy estimate runs between moves. */
  readonly sliderSlow: SliderFigure | null;
  readonly finetune: FinetuneFigure | null;
  /** 50 % of LeNet-5's channels removed: inference of the masked vs the compact model (the app's timing). */
  readonly compact: CompactFigure | null;
  /** IMDB training reviews/s (a fresh page, one epoch on a subset). */
  readonly imdb: ImdbFigure | null;
  readonly peakTensors: number | null;
  readonly peakTensorsByKind: { readonly train: number | null; readonly finetune: number | null };
  readonly seconds: number;
  /** Share of the machine's CPU (0–1) that other processes used meanwhile; null off Linux. */
  readonly otherCpuShare: number | null;
  readonly notes: string[];
}

const EPOCHS = 1;

function pageUrl(base: string, p: Profile): string {
  return `${base}?train=${p.train}&test=${p.test}&epochs=${EPOCHS}&seed=1&autorun=1&backend=${p.backend}`;
}

/** Caps a timeout by the whole bench's deadline; throws when too little time is left. */

export function deadlineLimit(deadline: number): Limit {
  return (ms) => {
    const left = deadline - Date.now();
    if (left < 3000) throw new BenchSkip('the bench time budget is spent');
    return Math.min(ms, left);
  };
}

async function trainingRun(page: Page, base: string, p: Profile, reports: TrainReport[], limit: Limit): Promise<RunFigure> {
  const { reports: own, run } = await trainAt(page, pageUrl(base, p), p.backend, () => limit(p.runTimeoutS * 1000));
  reports.push(...own);
  return runFigure(own, p.train, EPOCHS, run);
}

async function finetune(page: Page, p: Profile, limit: Limit): Promise<FinetuneFigure> {
  const timeout = limit(p.finetuneTimeoutS * 1000);
  await page.getByTestId('finetune-button').click();
  await waitForPerf(page, { list: 'runs', kind: 'finetune', after: 0 }, timeout);
  const run = (await readPerf(page)).runs.find((r) => r.kind === 'finetune');
  if (!run) throw new BenchSkip('no fine-tune run recorded');
  if (run.stopped) throw new BenchSkip('the fine-tune run stopped early');
  return {
    images: p.train,
    seconds: round(run.seconds),
    imagesPerSec: round(run.imagesPerSec),
    fullEpochSeconds: round(60_000 / run.imagesPerSec),
  };
}

export async function benchBackend(
  browser: Browser,
  base: string,
  p: Profile,
  runs: number,
  limit: Limit,
  log: (s: string) => void,
): Promise<BackendResult> {
  const t0 = Date.now();
  const cpuAtStart = cpuSample();
  const notes: string[] = [];
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  // tsx (esbuild keepNames) wraps named functions inside page.evaluate callbacks in __name().
  await context.addInitScript('globalThis.__name = (f) => f;');
  // Every run must train: forget models the app stored in IndexedDB (src/core/persist) on each load.
  await context.addInitScript("indexedDB.deleteDatabase('tensorflowjs');");
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const reports: TrainReport[] = [];
  const runFigures: RunFigure[] = [];
  let used: string | null = null;
  let detail: string | null = null;
  let inference: InferenceFigure | null = null;
  let slider: SliderFigure | null = null;
  let sliderSlow: SliderFigure | null = null;
  let ft: FinetuneFigure | null = null;
  let imdb: ImdbFigure | null = null;
  let compact: CompactFigure | null = null;
  let stage = 'training';
  try {
    const trainStart = Date.now();
    let lastRunS = 0;
    for (let r = 0; r < runs; r++) {
      const spent = (Date.now() - trainStart) / 1000;
      if (r > 0 && spent + lastRunS > p.trainBudgetS) {
        notes.push(`${r} of ${runs} training runs: another would pass the ${p.trainBudgetS} s training budget`);
        break;
      }
      const runStart = Date.now();
      const fig = await trainingRun(page, base, p, reports, limit);
      lastRunS = (Date.now() - runStart) / 1000;
      used = p.backend;
      detail ??= (await appStatus(page)).detail || null;
      runFigures.push(fig);
      log(`  run ${r + 1}: ${fig.medianImagesPerSec?.toFixed(1) ?? '—'} img/s (${fig.warmReports}/${fig.reports} ${fig.warmup} warm reports, ${fig.trainSeconds} s training, ${lastRunS.toFixed(0)} s page)`);
      if (fig.warmup !== 'strict') notes.push(`run ${r + 1}: ${fig.warmup} warm-up (${fig.reports} reports for ${Math.ceil(p.train / 64)} steps)`);
    }
    stage = 'slider';
    // The trained model's first settle (full test set at rate 0) must finish before the sweep.
    await waitForPerf(page, { list: 'evals', fullOnly: true, after: 0 }, limit(p.evalTimeoutS * 1000));
    slider = await sliderSweep(page, sweepValues(p.sweepStep), p.moveIntervalMs, p, limit);
    log(`  slider: app ${slider.app.median ?? '—'} / ${slider.app.p95 ?? '—'} ms (n=${slider.app.n}), every move ${slider.observed.median ?? '—'} / ${slider.observed.p95 ?? '—'} ms`);
    stage = 'slow slider';
    sliderSlow = await sliderSweep(page, slowSweepValues(), p.slowIntervalMs, p, limit);
    log(`  slow drag: app ${sliderSlow.app.median ?? '—'} / ${sliderSlow.app.p95 ?? '—'} ms (n=${sliderSlow.app.n}), every move ${sliderSlow.observed.median ?? '—'} / ${sliderSlow.observed.p95 ?? '—'} ms`);
    stage = 'inference';
    for (const rate of p.inferenceRates) await settleAt(page, rate, limit(p.evalTimeoutS * 1000));
    if (!p.inferenceRates.includes(0.9)) await settleAt(page, 0.9, limit(p.evalTimeoutS * 1000));
    inference = inferenceFigure((await readPerf(page)).evals);
    log(`  inference: ${inference.imagesPerSec?.toFixed(1) ?? '—'} img/s over ${inference.evals.length} full test-set passes`);
    stage = 'fine-tune';
    ft = await finetune(page, p, limit);
    log(`  fine-tune: ${ft.seconds} s for ${ft.images} images (${ft.imagesPerSec} img/s)`);
    stage = 'compact';
    compact = await compactRun(page, limit(p.evalTimeoutS * 1000));
    log(`  compact: ${compact.denseParams} → ${compact.compactParams} params, ${compact.denseImagesPerSec} → ${compact.compactImagesPerSec} img/s, max |Δ| ${compact.maxDiff}`);
    stage = 'imdb';
    imdb = await imdbRun(page, base, p, limit(p.imdbTimeoutS * 1000));
    log(`  imdb: ${imdb.medianImagesPerSec?.toFixed(1) ?? '—'} reviews/s (${imdb.warmReports}/${imdb.reports} warm reports)`);
  } catch (e) {
    if (!(e instanceof BenchSkip)) {
      const status = await appStatus(page).catch(() => null);
      notes.push(`${stage}: ${String(e).split('\n')[0]}${status ? ` (state ${status.state})` : ''}`);
    } else notes.push(`${stage}: ${e.message}`);
    if (inference === null && stage !== 'training') inference = inferenceFigure((await readPerf(page).catch(() => null))?.evals ?? []);
  }
  if (pageErrors.length) notes.push(`${pageErrors.length} page error(s), first: ${pageErrors[0]}`);
  const perf = await readPerf(page).catch(() => null);
  if (perf) reports.push(...perf.trainReports.filter((r) => r.kind === 'finetune'));
  const otherCpuShare = foreignShare(cpuAtStart, cpuSample());
  await context.close();
  const medians = runFigures.map((f) => f.medianImagesPerSec).filter((v): v is number => v !== null);
  const complete = runFigures.length > 0 && slider !== null && inference !== null && ft !== null && imdb !== null;
  return {
    backend: p.backend,
    status: complete ? 'ok' : runFigures.length ? 'partial' : 'skipped',
    used,
    detail,
    config: { train: p.train, test: p.test, batch: 64, epochs: EPOCHS, runsRequested: runs, runsDone: runFigures.length },
    train: { imagesPerSec: spread(medians), runs: runFigures },
    inference,
    slider,
    sliderSlow,
    finetune: ft,
    compact,
    imdb,
    peakTensors: peakTensors(reports),
    peakTensorsByKind: {
      train: peakTensors(reports.filter((r) => r.kind === 'train')),
      finetune: peakTensors(reports.filter((r) => r.kind === 'finetune')),
    },
    seconds: round((Date.now() - t0) / 1000),
    otherCpuShare,
    notes,
  };
}
