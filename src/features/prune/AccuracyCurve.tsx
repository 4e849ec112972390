// Accuracy against sparsity: every released slider position (pruned, not fine-tuned) and
// every checkpoint (dense, fine-tuned), so prune → fine-tune → prune further is visible.

import { memo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { CheckpointInfo } from '../../protocol/events';
import type { PrunePoint } from './pruneState';

interface Props {
  readonly previews: readonly PrunePoint[];
  readonly checkpoints: readonly CheckpointInfo[];
}

const pct = (v: number) => Math.round(v * 1000) / 10;

function AccuracyCurveImpl({ previews, checkpoints }: Props) {
  const preview = previews.map((p) => ({ sparsity: pct(p.sparsity), accuracy: pct(p.accuracy) }));
  const committed = checkpoints.map((c) => ({ sparsity: pct(c.sparsity), accuracy: pct(c.accuracy), label: c.label }));
  return (
    <figure className="chart" data-testid="accuracy-curve">
      <figcaption>Test accuracy against sparsity: pruned previews and checkpoints</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="sparsity" domain={[0, 100]} unit="%" tickCount={6} />
          <YAxis type="number" dataKey="accuracy" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" width={52} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${v}%` : String(v))} />
          <Legend />
          <Scatter name="pruned (no fine-tuning)" data={preview} fill="var(--c-pruned)" isAnimationActive={false} />
          <Line
            name="checkpoints"
            data={committed}
            dataKey="accuracy"
            stroke="var(--c-test)"
            strokeWidth={2}
            dot={{ r: 5 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Memoised: re-renders only when its props change (not on every slider move elsewhere). */
export const AccuracyCurve = memo(AccuracyCurveImpl);
