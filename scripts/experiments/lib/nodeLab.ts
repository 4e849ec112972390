// Runs the lab's worker code path (LabSession) under Node for measurement scripts: the
// wasm backend with PruneLab's gradient kernels, data read from public/data through the
// same gzip + checksum + validation loader the browser uses, events collected in order.
// Why this file exists: the scripts call the session exactly as the worker does (train,
// prune, finetune, the science jobs) and read its figures back from the events.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../../../src/core/backend/testWasmSetup';
import { loadDataset } from '../../../src/core/lab/datasets';
import type { ModelSpec } from '../../../src/core/nets/registry';
import type { LabEvent } from '../../../src/protocol/events';
import { LabSession } from '../../../src/session/labSession';
import { log } from './log';

export const DATA_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'public', 'data');

/** A fetch replacement for file:// URLs. */
export async function fileFetcher(url: string): Promise<Response> {
  try {
    return new Response(readFileSync(fileURLToPath(url)));
  } catch {
    return new Response('not found', { status: 404 });
  }
}

export type EventOf<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;

export interface NodeLab {
  readonly session: LabSession;
  readonly events: LabEvent[];
  /** Seconds the data took to load. */
  readonly loadSeconds: number;
  /** Events of a type received since index `from`. */
  since<T extends LabEvent['type']>(from: number, type: T): EventOf<T>[];
  /** The most recent event of `type` matching `pred`; throws when there is none. */
  last<T extends LabEvent['type']>(type: T, pred?: (e: EventOf<T>) => boolean): EventOf<T>;
}

/**
 * A LabSession for `spec` on the first `train` / `test` examples of its dataset. The spec
 * is the registry's (getModelSpec) or a variant of it (e.g. another initialiser).
 */
export async function openNodeLab(spec: ModelSpec, train: number, test: number, onEvent?: (e: LabEvent) => void): Promise<NodeLab> {
  await useBackendForTest('wasm');
  const events: LabEvent[] = [];
  const emit = (e: LabEvent) => {
    events.push(e);
    onEvent?.(e);
  };
  const started = performance.now();
  const data = await loadDataset(spec, { dataUrl: pathToFileURL(DATA_DIR + '/').href, train, test, fetcher: fileFetcher, onProgress: () => {} });
  const loadSeconds = (performance.now() - started) / 1000;
  const session = LabSession.withData(spec, data, emit);
  const since = <T extends LabEvent['type']>(from: number, type: T) => events.slice(from).filter((e): e is EventOf<T> => e.type === type);
  return {
    session,
    events,
    loadSeconds,
    since,
    last: <T extends LabEvent['type']>(type: T, pred: (e: EventOf<T>) => boolean = () => true) => {
      const found = since(0, type).findLast(pred);
      if (!found) throw new Error(`no ${type} event`);
      return found;
    },
  };
}

/** Logs a session's progress events: training at most every 30 s, each epoch's accuracy, each job step. */
export function progressLogger(write: (line: string) => void = log): (e: LabEvent) => void {
  let lastTrain = 0;
  let lastLabel = '';
  return (e) => {
    if (e.type === 'runProgress' && performance.now() - lastTrain > 30_000) {
      lastTrain = performance.now();
      const p = e.progress;
      write(`  ${e.kind} epoch ${p.epoch} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ${p.imagesPerSec.toFixed(0)} items/s`);
    } else if (e.type === 'epochEnd') {
      write(`  ${e.kind} epoch ${e.epoch}: test accuracy ${(e.testAccuracy * 100).toFixed(2)} % (loss ${e.testLoss.toFixed(4)})`);
    } else if (e.type === 'jobProgress' && e.progress.label !== lastLabel) {
      lastLabel = e.progress.label;
      write(`  ${e.progress.job} ${e.progress.done}/${e.progress.total}: ${e.progress.label}`);
    }
  };
}

/** Samples process memory every 100 ms; returns peaks in MB. */
export function memoryPeaks(): { stop: () => { heapMB: number; arrayBuffersMB: number; rssMB: number } } {
  const peak = { heapMB: 0, arrayBuffersMB: 0, rssMB: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    peak.heapMB = Math.max(peak.heapMB, m.heapUsed / 2 ** 20);
    peak.arrayBuffersMB = Math.max(peak.arrayBuffersMB, m.arrayBuffers / 2 ** 20);
    peak.rssMB = Math.max(peak.rssMB, m.rss / 2 ** 20);
  };
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      sample();
      clearInterval(timer);
      return peak;
    },
  };
}

export const backendName = () => tf.getBackend();
