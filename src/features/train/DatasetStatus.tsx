// Dataset name and counts once loaded; a byte progress bar while downloading.

import type { ModelInfo } from '../../core/models/catalog';
import type { LabState } from '../../shell/labState';

const MB = 1024 * 1024;

export function DatasetStatus({ state, info }: { state: LabState; info: ModelInfo }) {
  const { dataset, data, phase } = state;
  if (dataset) {
    return (
      <p className="dataset" data-testid="dataset-status">
        {dataset.name}: {dataset.train.toLocaleString('en-US')} training / {dataset.test.toLocaleString('en-US')} test{' '}
        {info.itemLabel}
      </p>
    );
  }
  const fraction = data.totalBytes > 0 ? data.loadedBytes / data.totalBytes : 0;
  const name = info.dataset === 'mnist' ? 'MNIST' : 'IMDB';
  return (
    <div className="dataset" data-testid="dataset-status">
      {phase === 'error' ? (
        <span>{name} could not be loaded.</span>
      ) : (
        <>
          <span>
            Loading {name}… {(data.loadedBytes / MB).toFixed(1)} / {(data.totalBytes / MB).toFixed(1)} MB
          </span>
          <progress max={1} value={fraction} aria-label={`${name} download progress`} />
        </>
      )}
    </div>
  );
}
