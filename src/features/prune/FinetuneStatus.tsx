// Live fine-tuning progress and curves, shown once a fine-tuning run exists; its result is
// shown only while pruning starts from the checkpoint that run made.

import { memo } from 'react';
import { TrainingCharts, type TrainingCurves } from '../../kit/charts/TrainingCharts';
import { formatCount, formatPercent } from '../../kit/format';
import type { RunSummary, TrainProgress } from '../../protocol/results';

/** What this panel shows of the fine-tuning run. */
export interface FinetuneRun extends TrainingCurves {
  readonly progress: TrainProgress | null;
  readonly summary: RunSummary | null;
}

interface Props {
  readonly run: FinetuneRun;
  readonly active: boolean;
  readonly anchorId: number;
  readonly itemLabel: string;
  readonly onStop: () => void;
}

/** Memoised: slider moves do not re-render the fine-tuning curves. */
export const FinetuneStatus = memo(function FinetuneStatus({ run, active, anchorId, itemLabel, onStop }: Props) {
  if (run.epochsPlanned === 0) return null;
  const p = run.progress;
  const summary = run.summary;
  const current = summary !== null && summary.checkpointId === anchorId;
  if (!active && !current) return null;
  return (
    <div className="finetune-status" data-testid="finetune-status">
      <div className="progress-row">
        {p ? (
          <span>
            Fine-tuning epoch {p.epoch}/{p.epochs} · batch {p.batch}/{p.batches} · loss {p.loss.toFixed(4)} ·{' '}
            <span data-timing="">
              {formatCount(p.imagesPerSec)} {itemLabel}/s
            </span>
          </span>
        ) : (
          <span>Fine-tuning…</span>
        )}
        {active && (
          <button type="button" onClick={onStop}>
            Stop
          </button>
        )}
        {summary && current && (
          <span>
            {' '}
            → test accuracy {formatPercent(summary.testAccuracy)}
            {summary.stopped && ' (stopped early)'}
          </span>
        )}
      </div>
      <TrainingCharts run={run} testid="finetune-curves" />
    </div>
  );
});
