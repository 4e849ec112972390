// Dataset name and counts once loaded; a progress bar while the files download.

import type { ModelInfo } from '../../core/models/catalog';
import { DATASET_TEXT } from '../../core/models/description';
import { formatCount, formatMB } from '../../kit/format';
import type { DatasetInfo } from '../../protocol/results';

interface Props {
  readonly info: ModelInfo;
  readonly dataset: DatasetInfo | null;
  readonly download: { readonly loadedBytes: number; readonly totalBytes: number; readonly file: string };
  readonly failed: boolean;
}

export function DatasetStatus({ info, dataset, download, failed }: Props) {
  if (dataset) {
    return (
      <p className="dataset" data-testid="dataset-status">
        {dataset.name}: {formatCount(dataset.train)} training / {formatCount(dataset.test)} test {info.itemLabel}
      </p>
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
