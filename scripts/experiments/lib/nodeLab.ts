// Runs the lab's worker code path (LabSession) under Node for measurement scripts: the
// wasm backend with PruneLab's gradient kernels, data read from public/data through the
// same gzip + checksum + validation loader the browser uses, events collected in order.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../../../src/core/backend/testWasmSetup';
import type { LabEvent } from '../../../src/protocol/events';
import type { ModelId } from '../../../src/core/models/catalog';
import { LabSession } from '../../../src/session/labSession';

export const DATA_DIR = join(fileURLToPath(new URL('../../..', import.meta.url)), 'public', 'data');

/** A fetch replacement for file:// URLs. */
export async function fileFetcher(url: string): Promise<Response> {
  try {
    return new Response(readFileSync(fileURLToPath(url)));
  } catch {
    return new Response('not found', { status: 404 });
  }
}

export interface NodeLab {
  readonly session: LabSession;
  readonly events: LabEvent[];
  /** Events of a type received since index `from`. */
  since<T extends LabEvent['type']>(from: number, type: T): Extract<LabEvent, { type: T }>[];
}

export async function openNodeLab(model: ModelId, train: number, test: number, onEvent?: (e: LabEvent) => void): Promise<NodeLab> {
  await useBackendForTest('wasm');
  const events: LabEvent[] = [];
  const session = await LabSession.create(
    { model, dataUrl: pathToFileURL(DATA_DIR + '/').href, train, test, fetcher: fileFetcher },
    (e) => {
      events.push(e);
      onEvent?.(e);
    },
  );
  return {
    session,
    events,
    since: <T extends LabEvent['type']>(from: number, type: T) =>
      events.slice(from).filter((e): e is Extract<LabEvent, { type: T }> => e.type === type),
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
