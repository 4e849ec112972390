// The accuracy chart's close-up: the settings and checkpoints within a few points of the
// best accuracy, on a y axis that starts where they do (said in the caption), so 98.36 %
// and 97.31 % are visibly apart. Shown only when at least two different accuracies are
// that close.

import { CartesianGrid, ComposedChart, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from 'recharts';

/** Points within this many percentage points of the best accuracy are in the close-up. */
export const CLOSE_UP_POINTS = 5;

interface Datum {
  readonly sparsity: number;
  readonly accuracy: number;
  readonly label: string;
}

/** A marker shape (Recharts symbol type), drawn the same in the chart and its legend. */
export type Shape = 'circle' | 'square' | 'triangle' | 'diamond' | 'star' | 'cross';

/** One method's released settings: colour from the criterion, shape from scope and structure. */
export interface Series {
  readonly key: string;
  readonly name: string;
  readonly colour: string;
  readonly shape: Shape;
  readonly data: Datum[];
}

/** The close-up's y range in percent (0.5-point steps around the near points), or null when there is nothing to zoom into. */
export function closeUpDomain(accuracies: readonly number[]): [number, number] | null {
  if (accuracies.length < 2) return null;
  const best = Math.max(...accuracies);
  const near = accuracies.filter((a) => a >= best - CLOSE_UP_POINTS);
  const low = Math.min(...near);
  if (near.length < 2 || best - low < 0.01) return null;
  const lo = Math.max(0, Math.floor((low - 0.25) * 2) / 2);
  const hi = Math.min(100, Math.ceil((best + 0.25) * 2) / 2);
  return [lo, Math.max(hi, lo + 1)];
}

function ticksOf([lo, hi]: [number, number]): number[] {
  const span = hi - lo;
  const step = span <= 2 ? 0.25 : span <= 4 ? 0.5 : 1;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) ticks.push(Math.round(t * 100) / 100);
  return ticks;
}

export function CloseUp({ series, committed }: { series: readonly Series[]; committed: readonly Datum[] }) {
  const domain = closeUpDomain([...series.flatMap((s) => s.data.map((d) => d.accuracy)), ...committed.map((c) => c.accuracy)]);
  if (!domain) return null;
  const inside = (d: Datum) => d.accuracy >= domain[0];
  return (
    <figure className="chart" data-testid="accuracy-closeup" data-y-min={domain[0]} data-y-max={domain[1]}>
      <figcaption>Close-up of the top: the y axis runs from {domain[0]}% to {domain[1]}% (not from 0), so small differences show</figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <ComposedChart margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" dataKey="sparsity" domain={[0, 100]} unit="%" tickCount={6} />
          <YAxis type="number" dataKey="accuracy" domain={domain} ticks={ticksOf(domain)} unit="%" width={60} allowDataOverflow />
          <Tooltip formatter={(v) => (typeof v === 'number' ? `${v}%` : String(v))} />
          {series.map((s) => (
            <Scatter key={s.key} name={s.name} data={s.data.filter(inside)} fill={s.colour} shape={s.shape} legendType={s.shape} isAnimationActive={false} />
          ))}
          {/* Checkpoints as points only: their lineage is drawn in the main chart. */}
          <Scatter name="checkpoints" data={committed.filter(inside)} fill="var(--c-test)" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
