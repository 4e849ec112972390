// The dense model's test accuracy, with what it means and how long training took.

import type { ModelInfo } from '../../core/models/catalog';
import { DATASET_TEXT } from '../../core/models/description';
import { formatCount, formatDuration, formatPercent } from '../../kit/format';
import type { RunSummary } from '../../protocol/results';

interface Props {
  readonly info: ModelInfo;
  /** The dense checkpoint's accuracy (trained, restored or imported). */
  readonly accuracy: number | null;
  readonly testExamples: number | null;
  readonly run: RunSummary | null;
}

export function ResultCard({ info, accuracy, testExamples, run }: Props) {
  return (
    <div className="result">
      <div className="metric">
        <span className="metric-label">Dense test accuracy</span>
        <span className="metric-value" data-testid="dense-accuracy">
          {accuracy === null ? '—' : formatPercent(accuracy)}
        </span>
        <span className="metric-help">
          Share of the {testExamples === null ? '' : formatCount(testExamples)} held-out test {DATASET_TEXT[info.dataset].testItems} the trained, unpruned
          network classifies correctly.
        </span>
      </div>
      {run && (
        <p className="run-summary">
          {run.stopped ? 'Stopped early after ' : 'Trained in '}
          <span data-timing="" className="timing-wide">
            {formatDuration(run.trainSeconds)} at {formatCount(run.itemsPerSec)} {info.itemLabel}/s
          </span>
          {run.evalSeconds > 0 && (
            <>
              {', plus '}
              <span data-timing="">{formatDuration(run.evalSeconds)}</span> measuring the test set
            </>
          )}
        </p>
      )}
    </div>
  );
}
