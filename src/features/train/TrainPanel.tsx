// Train / Stop actions and the live progress line (epoch, batch, loss, images per second).

import type { ModelInfo } from '../../core/models/catalog';
import type { LabState } from '../../shell/labState';

interface TrainPanelProps {
  readonly state: LabState;
  readonly info: ModelInfo;
  readonly epochs: number;
  readonly onTrain: () => void;
  readonly onStop: () => void;
}

function ProgressLine({ state, unit }: { state: LabState; unit: string }) {
  const p = state.runs.train.progress;
  if (!p) {
    if (state.activeRun === 'train') return <span>Starting…</span>;
    // A model restored from storage or imported has a result but no training run in this page.
    if (state.tools.restored) return <span>Restored from this browser's storage: no training needed.</span>;
    return <span>{state.prune.checkpoints.length > 0 ? 'Trained model loaded.' : 'Not trained yet.'}</span>;
  }
  return (
    <span>
      Epoch {p.epoch}/{p.epochs} · batch {p.batch}/{p.batches} · loss {p.loss.toFixed(4)} ·{' '}
      <span data-timing="">{Math.round(p.imagesPerSec).toLocaleString('en-US')} {unit}/s</span>
      {state.phase === 'evaluating' && state.activeRun === 'train' && ' · testing…'}
    </span>
  );
}

export function TrainPanel({ state, info, epochs, onTrain, onStop }: TrainPanelProps) {
  const busy = state.activeRun !== null;
  const canTrain = state.phase === 'ready' && state.dataset !== null;
  const p = state.runs.train.progress;
  const fraction = p ? p.step / p.totalSteps : 0;
  return (
    <div className="train-controls">
      <div className="buttons">
        <button type="button" className="primary" data-testid="train-button" onClick={onTrain} disabled={!canTrain}>
          {state.runs.train.result === null ? 'Train' : 'Train again'}
        </button>
        <button type="button" data-testid="stop-button" onClick={onStop} disabled={!busy}>
          Stop
        </button>
        <span className="hint">
          {epochs} epoch{epochs === 1 ? '' : 's'} · {info.optimizerLabel} · batch {info.defaults.batchSize}
        </span>
      </div>
      <div className="progress-row" data-testid="train-progress">
        <ProgressLine state={state} unit={info.itemLabel} />
      </div>
      <progress className="train-bar" max={1} value={fraction} aria-label="training progress" />
    </div>
  );
}
