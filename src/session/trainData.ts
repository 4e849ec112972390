// The training files of a lab that deferred them (a trained start): what the page is told
// is still to fetch, and the fetch itself, run first by every job that trains. Its progress
// travels as the same events as the first download; a failure (offline, say) names each
// missing file and its size.

import type { LoadedDataset } from '../core/lab/datasets';
import { deferredTrain } from '../core/train/deferredTrain';
import type { Emit } from '../protocol/events';
import type { DatasetInfo, TrainDataPending } from '../protocol/results';

/** What of a lab session the fetch reads (its data, its events, the dataset as the page sees it). */
interface DataLab {
  readonly data: LoadedDataset;
  readonly emit: Emit;
  readonly datasetInfo: DatasetInfo;
}

/** The training files still to fetch, or undefined when they are here (or were never deferred). */
export function pendingTrainData(data: LoadedDataset): TrainDataPending | undefined {
  const deferred = deferredTrain(data.train);
  if (!deferred || deferred.loaded) return undefined;
  return { bytes: deferred.downloadBytes, files: deferred.files.map((f) => ({ path: f.path, bytes: f.gzipBytes })) };
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/** Fetches the training files if `lab` deferred them; `job` names what needs them in a failure's message. */
export async function ensureTrainData(lab: DataLab, job: string): Promise<void> {
  const deferred = deferredTrain(lab.data.train);
  const pending = pendingTrainData(lab.data);
  if (!deferred || !pending) return;
  try {
    await deferred.ensure({ onProgress: (loadedBytes, totalBytes, file) => lab.emit({ type: 'dataProgress', loadedBytes, totalBytes, file }) });
  } catch (e) {
    const files = pending.files.map((f) => `${f.path} (${mb(f.bytes)})`).join(', ');
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`${job} needs the training data (${mb(pending.bytes)}), which is not in this browser yet: ${files}. ${why}`, { cause: e });
  }
  lab.emit({ type: 'dataset', dataset: lab.datasetInfo });
}
