// Live fine-tuning progress and curves, shown once a fine-tuning run exists.

import { memo } from 'react';
import { formatPercent, type RunState } from '../../shell/labState';
import { TrainingCharts } from '../../kit/charts/TrainingCharts';

interface Props {
  readonly run: RunState;
  readonly active: boolean;
  readonly onStop: () => void;
}

/** Memoised: slider moves do not re-render the fine-tuning curves. */
export const FinetuneStatus = memo(function FinetuneStatus({ run, active, onStop }: Props) {
  if (run.epochsPlanned === 0) return null;
  const p = run.progress;
  return (
    <div className="finetune-status" data-testid="finetune-status">
      <div className="progress-row">
        {p ? (
          <span>
            Fine-tuning epoch {p.epoch}/{p.epochs} · batch {p.batch}/{p.batches} · loss {p.loss.toFixed(4)} ·{' '}
            <span data-timing="">{Math.round(p.imagesPerSec).toLocaleString('en-US')} images/s</span>
          </span>
        ) : (
          <span>Fine-tuning…</span>
        )}
        {active && (
          <button type="button" onClick={onStop}>
            Stop
          </button>
        )}
        {run.result && (
          <span>
            {' '}
            → test accuracy {formatPercent(run.result.testAccuracy)}
            {run.result.stopped && ' (stopped early)'}
          </span>
        )}
      </div>
      <TrainingCharts run={run} testid="finetune-curves" />
    </div>
  );
});
