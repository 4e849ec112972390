// Train / Stop actions, the live progress line (epoch, batch, loss, items per second) and
// how long the chosen training will take on this device.

import type { ModelInfo } from '../../core/models/catalog';
import { downloadsFirst, formatCount } from '../../kit/format';
import type { RunState } from './trainSlice';

interface TrainPanelProps {
  readonly info: ModelInfo;
  readonly run: RunState;
  readonly epochs: number;
  readonly canTrain: boolean;
  readonly training: boolean;
  /** The worker is measuring the test set within the training call. */
  readonly evaluating: boolean;
  readonly trained: boolean;
  readonly restored: boolean;
  /** The estimate line (data-testid train-estimate), given by the shell. */
  readonly estimate: React.ReactNode;
  /** Bytes of training data Train fetches first (a trained start), or null. */
  readonly downloadFirst: number | null;
  readonly onTrain: () => void;
  readonly onStop: () => void;
}

function ProgressLine({ run, training, evaluating, trained, restored, unit }: { run: RunState; training: boolean; evaluating: boolean; trained: boolean; restored: boolean; unit: string }) {
  const p = run.progress;
  if (!p) {
    if (training) return <span>Starting…</span>;
    if (restored) return <span>Restored from this browser's storage: no training needed.</span>;
    return <span>{trained ? 'Trained model loaded.' : 'Not trained yet.'}</span>;
  }
  return (
    <span>
      Epoch {p.epoch}/{p.epochs} · batch {p.batch}/{p.batches} · loss {p.loss.toFixed(4)} ·{' '}
      <span data-timing="">
        {formatCount(p.imagesPerSec)} {unit}/s
      </span>
      {evaluating && ' · testing…'}
    </span>
  );
}

export function TrainPanel(props: TrainPanelProps) {
  const { info, run, epochs, canTrain, training, onTrain, onStop } = props;
  const p = run.progress;
  const fraction = p ? p.step / p.totalSteps : 0;
  return (
    <div className="train-controls">
      <div className="buttons">
        <button type="button" className="primary" data-testid="train-button" onClick={onTrain} disabled={!canTrain}>
          {props.trained ? 'Train again' : 'Train'}
          {downloadsFirst(props.downloadFirst)}
        </button>
        <button type="button" data-testid="stop-button" onClick={onStop} disabled={!training}>
          Stop
        </button>
        <span className="hint">
          {epochs} epoch{epochs === 1 ? '' : 's'} · {info.optimizerLabel} · batch {info.defaults.batchSize}
        </span>
      </div>
      {props.estimate}
      <div className="progress-row" data-testid="train-progress">
        <ProgressLine run={run} training={training} evaluating={props.evaluating} trained={props.trained} restored={props.restored} unit={info.itemLabel} />
      </div>
      <progress className="train-bar" max={1} value={fraction} aria-label="training progress" />
    </div>
  );
}
