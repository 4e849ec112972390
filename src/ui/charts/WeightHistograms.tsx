// One weight histogram per layer: the anchor's distribution (light), the surviving
// weights (dark) and the pruning threshold ±t. Linear or logarithmic counts.

import { useState } from 'react';
import { Area, AreaChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { LayerPruneStats, PruneStats } from '../../lab/pruning/controller';

type ScaleKind = 'linear' | 'log';

function LayerHistogram({ layer, scale }: { layer: LayerPruneStats; scale: ScaleKind }) {
  const { spec, all, kept } = layer.histogram;
  const width = (spec.max - spec.min) / spec.bins;
  const y = (c: number) => (scale === 'log' ? (c > 0 ? c : null) : c);
  const data = Array.from(all, (count, i) => ({ x: spec.min + (i + 0.5) * width, all: y(count), kept: y(kept[i]) }));
  const t = layer.threshold;
  return (
    <figure className="chart histogram">
      <figcaption>
        {layer.name}: {layer.size.toLocaleString('en-US')} weights, {((100 * layer.pruned) / layer.size).toFixed(1)}% pruned
        {Number.isFinite(t) && `, |w| ≤ ${t.toPrecision(2)}`}
        {layer.rows &&
          `, ${layer.rows.pruned.toLocaleString('en-US')} of ${layer.rows.total.toLocaleString('en-US')} rows removed` +
            (Number.isFinite(layer.rows.threshold) ? ` (row norm ≤ ${layer.rows.threshold.toPrecision(2)})` : '')}
      </figcaption>
      <ResponsiveContainer width="100%" height={150}>
        <AreaChart data={data} margin={{ top: 4, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            type="number"
            dataKey="x"
            domain={[spec.min, spec.max]}
            tickCount={5}
            tickFormatter={(v: number) => v.toFixed(2)}
            tick={{ fontSize: 11 }}
          />
          <YAxis
            width={48}
            scale={scale === 'log' ? 'log' : 'linear'}
            domain={scale === 'log' ? [1, 'auto'] : [0, 'auto']}
            allowDataOverflow={scale === 'log'}
            tick={{ fontSize: 11 }}
          />
          <Tooltip labelFormatter={(v) => `w ≈ ${Number(v).toFixed(3)}`} />
          <Area type="step" dataKey="all" name="before pruning" stroke="var(--c-dense)" fill="var(--c-dense)" fillOpacity={0.35} isAnimationActive={false} />
          <Area type="step" dataKey="kept" name="kept" stroke="var(--c-kept)" fill="var(--c-kept)" fillOpacity={0.7} isAnimationActive={false} />
          {Number.isFinite(t) && t > 0 && <ReferenceLine x={t} stroke="var(--c-pruned)" strokeDasharray="4 2" />}
          {Number.isFinite(t) && t > 0 && <ReferenceLine x={-t} stroke="var(--c-pruned)" strokeDasharray="4 2" />}
        </AreaChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function WeightHistograms({ stats }: { stats: PruneStats | null }) {
  const [scale, setScale] = useState<ScaleKind>('linear');
  return (
    <div className="histograms" data-testid="weight-histogram">
      <div className="panel-head">
        <h3>Weight histograms</h3>
        <label>
          counts{' '}
          <select value={scale} onChange={(e) => setScale(e.currentTarget.value === 'log' ? 'log' : 'linear')}>
            <option value="linear">linear</option>
            <option value="log">log</option>
          </select>
        </label>
      </div>
      <p className="metric-help">
        Light: the checkpoint's weights before this pruning (its zeros left out). Dark: the weights that survive. Dashed lines: the magnitude threshold.
      </p>
      <div className="histogram-grid">
        {stats ? stats.layers.map((l) => <LayerHistogram key={l.name} layer={l} scale={scale} />) : <p>Train the model first.</p>}
      </div>
    </div>
  );
}
