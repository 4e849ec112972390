// Dataset name and counts once loaded; a byte progress bar while downloading.

import type { LabState } from '../../state/labState';

const MB = 1024 * 1024;

export function DatasetStatus({ state }: { state: LabState }) {
  const { dataset, data, phase } = state;
  if (dataset) {
    return (
      <p className="dataset" data-testid="dataset-status">
        {dataset.name}: {dataset.train.toLocaleString('en-US')} training / {dataset.test.toLocaleString('en-US')} test
        images
      </p>
    );
  }
  const fraction = data.totalBytes > 0 ? data.loadedBytes / data.totalBytes : 0;
  return (
    <div className="dataset" data-testid="dataset-status">
      {phase === 'error' ? (
        <span>MNIST could not be loaded.</span>
      ) : (
        <>
          <span>
            Loading MNIST… {(data.loadedBytes / MB).toFixed(1)} / {(data.totalBytes / MB).toFixed(1)} MB
          </span>
          <progress max={1} value={fraction} aria-label="MNIST download progress" />
        </>
      )}
    </div>
  );
}
