// What to expect before pressing Train, on this device: how long the chosen data and epochs
// will take (from a measured speed), how long is left while training or fine-tuning, a
// plain warning when the data is too small for the tutorial's settings to learn, and the
// trained start for a class that wants to prune at once.

import { useState } from 'react';
import type { ModelInfo } from '../../core/models/catalog';
import { formatCount, formatDuration } from '../../kit/format';
import type { TrainProgress } from '../../protocol/results';
import { nextTimeLeft, type TimeLeft } from './timeLeft';

/** Below this many training examples × epochs, the tutorial's settings learn little. */
export const LEARNS_FROM = 10_000;

interface Props {
  readonly info: ModelInfo;
  readonly train: number;
  readonly test: number;
  readonly epochs: number;
  /** Measured training and inference speed of this device (null until measured). */
  readonly speed: { readonly itemsPerSec: number; readonly inferPerSec: number } | null;
  /** True while the start-up speed probe runs (without it, an unknown speed is not being measured). */
  readonly measuring: boolean;
  /** The run in progress (training or fine-tuning), if any. */
  readonly running: { readonly kind: 'training' | 'fine-tuning'; readonly progress: TrainProgress | null; readonly batchSize: number } | null;
  readonly trained: boolean;
  /** Links: the trained start, and a quick preset that learns. */
  readonly trainedHref: string | null;
  readonly quickHref: string;
}

/** Seconds a run of `items` × `epochs` takes at `speed`, test-set measurements included. */
export function expectedSeconds(items: number, epochs: number, test: number, speed: { itemsPerSec: number; inferPerSec: number }): number {
  return (items * epochs) / speed.itemsPerSec + (epochs * test) / speed.inferPerSec;
}

/** The steadied time left of the run in progress, updated once per progress report. */
function useTimeLeft(progress: TrainProgress | null, batchSize: number): number | null {
  const [state, setState] = useState<{ report: TrainProgress | null; left: TimeLeft | null }>({ report: null, left: null });
  if (progress === state.report) return state.left?.seconds ?? null;
  // A new report: fold it in while rendering (React re-renders at once with the stored state).
  const left = progress ? nextTimeLeft(state.left, (progress.totalSteps - progress.step) * batchSize, progress.imagesPerSec, progress.elapsedSec) : null;
  setState({ report: progress, left });
  return left?.seconds ?? null;
}

function Estimate({ info, train, test, epochs, speed, measuring, running }: Props) {
  const left = useTimeLeft(running?.progress ?? null, running?.batchSize ?? 1);
  if (running) {
    if (left === null) return <span data-testid="train-estimate">Measuring the speed of {running.kind}…</span>;
    return (
      <span data-testid="train-estimate" data-seconds={Math.round(left)}>
        {running.kind === 'training' ? 'Training' : 'Fine-tuning'}: about <span data-timing="">{formatDuration(left)}</span> left.
      </span>
    );
  }
  if (!speed) return measuring ? <span data-testid="train-estimate">Measuring how fast this device trains…</span> : null;
  const seconds = expectedSeconds(train, epochs, test, speed);
  return (
    <span data-testid="train-estimate" data-seconds={Math.round(seconds)}>
      Training {formatCount(train)} {info.itemLabel} × {epochs} epoch{epochs === 1 ? '' : 's'} takes about <strong data-timing="">{formatDuration(seconds)}</strong> on this device
      (measured: <span data-timing="">{formatCount(speed.itemsPerSec)}</span> {info.itemLabel}/s).
    </span>
  );
}

export function TrainAdvice(props: Props) {
  const { info, train, epochs, trained, trainedHref, quickHref, running } = props;
  const small = train * epochs < LEARNS_FROM;
  return (
    <div className="train-advice">
      <p className="estimate">
        <Estimate {...props} />
      </p>
      {small && !running && (
        <p className="note" data-testid="small-data-hint">
          With {formatCount(train)} {info.itemLabel} and {epochs} epoch{epochs === 1 ? '' : 's'}, {info.label.split(' ·')[0]} sees too few examples to learn much with the tutorial&apos;s
          settings: expect a low accuracy, and pruning results that mean little (pruning can even seem to help a barely trained model). Try{' '}
          <a href={quickHref} data-testid="quick-preset">
            10,000 {info.itemLabel}, 1 epoch
          </a>
          {trainedHref && (
            <>
              {' '}
              or{' '}
              <a href={trainedHref} data-testid="small-data-trained">
                the trained start
              </a>
            </>
          )}
          .
        </p>
      )}
      {!trained && !running && trainedHref && (
        <p>
          <a className="button-link" href={trainedHref} data-testid="start-trained">
            Start from the trained model
          </a>{' '}
          <span className="hint">the tutorial&apos;s {info.label.split(' ·')[0]}, trained on the full data: prune within seconds.</span>
        </p>
      )}
    </div>
  );
}
