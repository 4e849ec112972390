// Opens a lab session: loads the dataset its model trains on (with progress as events),
// then hands it to the LabSession.

import { loadDataset, type LoadedDataset } from '../core/lab/datasets';
import type { DataCache } from '../core/data/dataCache';
import type { Fetcher } from '../core/data/fetchData';
import { getModelSpec, type ModelId, type ModelSpec } from '../core/nets/registry';
import type { Emit } from '../protocol/events';
import { LabSession } from './labSession';

export interface SessionInit {
  readonly model: ModelId;
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
  /** Data fetcher override (Node scripts read public/data from disk). */
  readonly fetcher?: Fetcher;
  /** Seconds without a byte before a data file fails as stalled. */
  readonly stallSeconds?: number;
  /** Where verified data files are kept between visits (the browser's Cache Storage). */
  readonly cache?: DataCache;
  /** Fetch the training split only when a job trains (a lab that starts from a trained model). */
  readonly deferTrain?: boolean;
}

/** Loads `spec`'s dataset as `init` asks, reporting the stage and the download's progress as events. */
export function loadSessionData(spec: ModelSpec, init: Omit<SessionInit, 'model'>, emit: Emit): Promise<LoadedDataset> {
  emit({ type: 'stage', stage: 'loading' });
  return loadDataset(spec, {
    dataUrl: init.dataUrl,
    train: init.train,
    test: init.test,
    fetcher: init.fetcher,
    cache: init.cache,
    deferTrain: init.deferTrain,
    stallMs: init.stallSeconds === undefined ? undefined : init.stallSeconds * 1000,
    onProgress: (p) => emit({ type: 'dataProgress', loadedBytes: p.loadedBytes, totalBytes: p.totalBytes, file: p.file }),
  });
}

export async function openLab(init: SessionInit, emit: Emit): Promise<LabSession> {
  const spec = getModelSpec(init.model);
  const data = await loadSessionData(spec, init, emit);
  return LabSession.withData(spec, data, emit);
}
