// Dataset name and counts once loaded; a progress bar while the files download.

import type { ModelInfo } from '../../core/models/catalog';
import { DATASET_TEXT } from '../../core/models/description';
import { formatCount, formatMB } from '../../kit/format';
import type { DatasetInfo, TrainDataPending } from '../../protocol/results';

interface Props {
  readonly info: ModelInfo;
  readonly dataset: DatasetInfo | null;
  readonly download: { readonly loadedBytes: number; readonly totalBytes: number; readonly file: string };
  readonly failed: boolean;
}

/** A trained start's training files: not fetched yet (and how big), or their download's progress. */
function TrainData({ pending, download }: { pending: TrainDataPending; download: Props['download'] }) {
  const fetching = pending.files.some((f) => f.path === download.file) && download.totalBytes > 0;
  return (
    <p className="dataset hint" data-testid="train-data-status">
      {fetching ? (
        <>
          <span>
            Fetching the training data… {formatMB(Math.min(download.loadedBytes, download.totalBytes))} / {formatMB(download.totalBytes)}
          </span>{' '}
          <progress max={1} value={download.loadedBytes / download.totalBytes} aria-label="training data download progress" />
        </>
      ) : (
        <>Training data not fetched yet ({formatMB(pending.bytes)}): a job that trains fetches it first.</>
      )}
    </p>
  );
}

export function DatasetStatus({ info, dataset, download, failed }: Props) {
  if (dataset) {
    return (
      <>
        <p className="dataset" data-testid="dataset-status">
          {dataset.name}: {formatCount(dataset.train)} training / {formatCount(dataset.test)} test {info.itemLabel}
        </p>
        {dataset.trainPending && <TrainData pending={dataset.trainPending} download={download} />}
      </>
    );
  }
  const name = DATASET_TEXT[info.dataset].name;
  // The total is what the manifest declares; a server that decompressed for us can send more.
  const loaded = Math.min(download.loadedBytes, download.totalBytes || download.loadedBytes);
  const fraction = download.totalBytes > 0 ? loaded / download.totalBytes : 0;
  return (
    <div className="dataset" data-testid="dataset-status">
      {failed ? (
        <span>{name} could not be loaded.</span>
      ) : (
        <>
          <span>
            Loading {name}… {formatMB(loaded)} / {formatMB(download.totalBytes)}
          </span>
          <progress max={1} value={fraction} aria-label={`${name} download progress`} />
        </>
      )}
    </div>
  );
}
