// The reference model's test accuracy (the trained dense model, or an imported one, named
// as what it is), with what it means and how long training took.

import type { ModelInfo } from '../../core/models/catalog';
import { DATASET_TEXT } from '../../core/models/description';
import { formatCount, formatDuration, formatPercent } from '../../kit/format';
import type { CheckpointInfo, RunSummary } from '../../protocol/results';

interface Props {
  readonly info: ModelInfo;
  /** The checkpoint the model on screen descends from: trained (dense) or imported. */
  readonly reference: Pick<CheckpointInfo, 'id' | 'kind' | 'accuracy' | 'sparsity'> | null;
  readonly testExamples: number | null;
  readonly run: RunSummary | null;
}

export function ResultCard({ info, reference, testExamples, run }: Props) {
  const imported = reference?.kind === 'imported';
  const items = `${testExamples === null ? '' : formatCount(testExamples)} held-out test ${DATASET_TEXT[info.dataset].testItems}`;
  return (
    <div className="result">
      <div className="metric">
        <span className="metric-label" data-testid="reference-label">
          {imported ? `Imported model (#${reference.id}): test accuracy` : 'Dense test accuracy'}
        </span>
        <span className="metric-value" data-testid="dense-accuracy">
          {reference === null ? '—' : formatPercent(reference.accuracy)}
        </span>
        <span className="metric-help">
          {imported
            ? `Share of the ${items} the imported model classifies correctly, as it came: ${formatPercent(reference.sparsity, 1)} of its prunable weights were already zero. Pruning and the comparison below start from it.`
            : `Share of the ${items} the trained, unpruned network classifies correctly.`}
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
