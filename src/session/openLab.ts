// Opens a lab session: loads the dataset its model trains on (with progress as events),
// then hands it to the LabSession.

import { loadDataset } from '../core/data/datasets';
import type { Fetcher } from '../core/data/fetchData';
import { getModelSpec, type ModelId } from '../core/models/registry';
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
}

export async function openLab(init: SessionInit, emit: Emit): Promise<LabSession> {
  const spec = getModelSpec(init.model);
  emit({ type: 'stage', stage: 'loading' });
  const data = await loadDataset(spec, {
    dataUrl: init.dataUrl,
    train: init.train,
    test: init.test,
    fetcher: init.fetcher,
    stallMs: init.stallSeconds === undefined ? undefined : init.stallSeconds * 1000,
    onProgress: (p) => emit({ type: 'dataProgress', loadedBytes: p.loadedBytes, totalBytes: p.totalBytes, file: p.file }),
  });
  return LabSession.withData(spec, data, emit);
}
