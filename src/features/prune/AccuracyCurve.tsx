// Accuracy against sparsity: every released slider setting (pruned, not fine-tuned), one
// series per method (colour: criterion; shape: scope and structure) so settings can be
// compared, and every checkpoint (dense, fine-tuned, schedules) as a point joined to its parent.
// The legend draws each series with its own marker. A 0–100 % axis squeezes the interesting
// part (98.4 vs 97.3 %) into a few pixels, so a second panel zooms into the top accuracies,
// its axis starting where the data do.

import { memo } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { Scope, Structure } from '../../core/method';
import { criterionColour } from '../../kit/methodText';
import type { CheckpointInfo } from '../../protocol/results';
import { checkpointEdges } from './checkpointEdges';
import type { AccuracyPoint } from './pruneSlice';
import { CloseUp, type Series, type Shape } from './AccuracyCloseUp';

interface Props {
  readonly points: readonly AccuracyPoint[];
  readonly checkpoints: readonly CheckpointInfo[];
}

const pct = (v: number) => Math.round(v * 1000) / 10;

const SHAPES: Record<`${Scope}-${Structure}`, Shape> = {
  'layer-weights': 'circle',
  'global-weights': 'triangle',
  'layer-channels': 'square',
  'global-channels': 'diamond',
  'layer-nm': 'star',
  'global-nm': 'cross',
};


function seriesOf(points: readonly AccuracyPoint[]): Series[] {
  const map = new Map<string, Series>();
  for (const p of points) {
    const key = `${p.criterion}-${p.scope}-${p.structure}`;
    let s = map.get(key);
    if (!s) {
      s = { key, name: `${p.criterion} · ${p.scope === 'layer' ? 'per layer' : 'global'}${p.structure === 'weights' ? '' : ` · ${p.structure}`}`, colour: criterionColour(p.criterion), shape: SHAPES[`${p.scope}-${p.structure}` as const] ?? 'circle', data: [] };
      map.set(key, s);
    }
    s.data.push({ sparsity: pct(p.sparsity), accuracy: pct(p.accuracy), label: p.label });
  }
  return [...map.values()];
}

function AccuracyCurveImpl({ points, checkpoints }: Props) {
  const committed = checkpoints.map((c) => ({ sparsity: pct(c.sparsity), accuracy: pct(c.accuracy), label: c.label }));
  const edges = checkpointEdges(checkpoints);
  const series = seriesOf(points);
  return (
    <>
      <figure className="chart" data-testid="accuracy-curve" data-points={points.length} data-checkpoints={checkpoints.length} data-edges={edges.map((e) => e.key).join(' ')}>
        <figcaption>Test accuracy against sparsity: pruned settings by method, and checkpoints</figcaption>
        <ResponsiveContainer width="100%" height={240}>
          <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" dataKey="sparsity" domain={[0, 100]} unit="%" tickCount={6} />
            <YAxis type="number" dataKey="accuracy" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" width={52} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? `${v}%` : String(v))} />
            <Legend />
            {series.map((s) => (
              <Scatter key={s.key} name={s.name} data={s.data} fill={s.colour} shape={s.shape} legendType={s.shape} isAnimationActive={false} />
            ))}
            {/* Each checkpoint joined to the one it was made from (its parent), not to its neighbour in sparsity. */}
            {edges.map((e) => (
              <Line key={e.key} className="checkpoint-edge" data={[...e.points]} dataKey="accuracy" stroke="var(--c-test)" strokeWidth={2} dot={false} legendType="none" isAnimationActive={false} />
            ))}
            <Scatter name="checkpoints (lines: made from)" data={committed} fill="var(--c-test)" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </figure>
      <CloseUp series={series} committed={committed} />
    </>
  );
}

/** Memoised: re-renders only when its props change (not on every slider move elsewhere). */
export const AccuracyCurve = memo(AccuracyCurveImpl);
