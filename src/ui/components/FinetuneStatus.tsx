// Live fine-tuning progress and curves, shown once a fine-tuning run exists.

import { formatPercent, type LabState } from '../../state/labState';
import { TrainingCharts } from '../charts/TrainingCharts';

export function FinetuneStatus({ state, onStop }: { state: LabState; onStop: () => void }) {
  const run = state.runs.finetune;
  if (run.epochsPlanned === 0) return null;
  const p = run.progress;
  const active = state.activeRun === 'finetune';
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
}
