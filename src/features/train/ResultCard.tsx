// The dense model's test accuracy, with what it means and how long training took.

import type { ModelInfo } from '../../core/models/catalog';
import { denseAccuracy, formatPercent, type LabState } from '../../shell/labState';

export function ResultCard({ state, info }: { state: LabState; info: ModelInfo }) {
  const run = state.runs.train.result;
  const accuracy = denseAccuracy(state);
  return (
    <div className="result">
      <div className="metric">
        <span className="metric-label">Dense test accuracy</span>
        <span className="metric-value" data-testid="dense-accuracy">
          {accuracy === null ? '—' : formatPercent(accuracy)}
        </span>
        <span className="metric-help">
          Share of the {state.dataset ? state.dataset.test.toLocaleString('en-US') : ''} held-out test{' '}
          {info.dataset === 'mnist' ? 'digits' : 'reviews'} the trained, unpruned network classifies correctly.
        </span>
      </div>
      {run && (
        <p className="run-summary">
          {run.stopped ? 'Stopped early after ' : 'Trained in '}
          <span data-timing="" className="timing-wide">
            {run.seconds.toFixed(1)} s ({Math.round(run.imagesPerSec).toLocaleString('en-US')} {info.itemLabel}/s)
          </span>
          .
        </p>
      )}
    </div>
  );
}
