// Per-layer sparsity bars: how much of each layer the current masks removed.

import { memo, useEffect } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { PruneStats } from '../../lab/pruning/controller';

interface Props {
  readonly stats: PruneStats | null;
  /** Called after the chart committed these stats (latency measurement). */
  readonly onRendered?: () => void;
}

function LayerSparsityChartImpl({ stats, onRendered }: Props) {
  useEffect(() => {
    if (stats) onRendered?.();
  }, [stats, onRendered]);
  const data = (stats?.layers ?? []).map((l) => ({
    name: `${l.name} (${l.size.toLocaleString('en-US')})`,
    sparsity: l.size ? (100 * l.pruned) / l.size : 0,
    included: l.included,
  }));
  return (
    <figure className="chart" data-testid="layer-sparsity-chart">
      <figcaption>Sparsity per layer (weights in brackets)</figcaption>
      <ResponsiveContainer width="100%" height={200}>
        <BarChart data={data} margin={{ top: 16, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" interval={0} tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} width={52} tickFormatter={(v: number) => `${v}%`} />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : String(v))} />
          <Bar dataKey="sparsity" name="pruned" fill="var(--c-pruned)" isAnimationActive={false}>
            <LabelList dataKey="sparsity" position="top" formatter={(v) => (typeof v === 'number' ? `${v.toFixed(1)}%` : '')} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** Memoised: re-renders only when its props change (not on every slider move elsewhere). */
export const LayerSparsityChart = memo(LayerSparsityChartImpl);
