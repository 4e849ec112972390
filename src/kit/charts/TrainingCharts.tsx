// Live training curves (Recharts): mini-batch loss, and mini-batch accuracy with the
// test accuracy after each epoch. Animations are off, and the charts redraw at most once a
// second (progress arrives 4× a second): redrawing thousands of SVG points competes for the
// CPU with the training worker, which matters most on a 2-core machine training on wasm.

import { memo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import { useThrottled } from '../useThrottled';

/** Redraw interval of the live curves (ms). */
const REDRAW_MS = 1000;

/** What the curves need of a training run. */
export interface TrainingCurves {
  readonly epochsPlanned: number;
  readonly curve: readonly { readonly x: number; readonly loss: number; readonly accuracy: number }[];
  readonly epochs: readonly { readonly x: number; readonly testAccuracy: number }[];
}

interface Props {
  readonly run: TrainingCurves;
  readonly testid: string;
}

const xAxis = (total: number) => (
  <XAxis
    type="number"
    dataKey="x"
    domain={[0, total]}
    tickCount={total + 1}
    allowDecimals={false}
  />
);

function TrainingChartsImpl({ run: live, testid }: Props) {
  const run = useThrottled(live, REDRAW_MS);
  const data = run.curve.map((p) => ({ ...p }));
  const tests = run.epochs.map((e) => ({ x: e.x, testAccuracy: e.testAccuracy }));
  const totalEpochs = Math.max(run.epochsPlanned, 1);
  return (
    <div className="charts" data-testid={testid}>
      <figure className="chart">
        <figcaption>Training loss: cross-entropy of each mini-batch, by epoch</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            {xAxis(totalEpochs)}
            <YAxis domain={[0, 'auto']} width={48} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(4) : String(v))} />
            <Line type="linear" dataKey="loss" stroke="var(--c-loss)" dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      <figure className="chart">
        <figcaption>Accuracy by epoch: each mini-batch (line), test set after each epoch (dots)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          {/* Each series brings its own data: given the chart's data, the scatter drew a symbol for every mini-batch point. */}
          <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            {xAxis(totalEpochs)}
            <YAxis domain={[0, 1]} width={48} tickFormatter={(v: number) => `${Math.round(v * 100)}%`} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? `${(v * 100).toFixed(2)}%` : String(v))} />
            <Legend />
            <Line
              name="mini-batch"
              data={data}
              type="linear"
              dataKey="accuracy"
              stroke="var(--c-acc)"
              dot={false}
              isAnimationActive={false}
            />
            <Scatter name="test set" data={tests} dataKey="testAccuracy" fill="var(--c-test)" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
    </div>
  );
}

/** Memoised: re-renders only when its props change (not on every slider move elsewhere). */
export const TrainingCharts = memo(TrainingChartsImpl);
