// One weight histogram per layer: the anchor's distribution, the surviving weights and,
// for magnitude pruning of single weights, the threshold ±t. A legend draws each series
// with the chart's own styles (so it reads right in either theme), and the caption says
// what the lines are under the criterion and structure in use. Linear or logarithmic counts.

import { memo, useState } from 'react';
import { layerSparsity, type LayerView, type ModelView } from '../../core/prune/view';
import { HistogramLegend, thresholdText } from './histogramLegend';
import { HistogramSvg, type CountScale } from '../../kit/charts/HistogramSvg';

type ScaleKind = CountScale;

function LayerHistogram({ layer, scale }: { layer: LayerView; scale: ScaleKind }) {
  const { spec, all, kept } = layer.histogram;
  const t = layer.threshold;
  return (
    <figure className="chart histogram">
      <figcaption>
        {layer.name}: {layer.size.toLocaleString('en-US')} weights, {(100 * layerSparsity(layer)).toFixed(1)}% zeros
        {t !== null && `, |w| ≤ ${t.toPrecision(2)}`}
        {layer.rows &&
          `, ${layer.rows.pruned.toLocaleString('en-US')} of ${layer.rows.total.toLocaleString('en-US')} rows removed` +
            (Number.isFinite(layer.rows.threshold) ? ` (row norm ≤ ${layer.rows.threshold.toPrecision(2)})` : '')}
      </figcaption>
      <HistogramSvg spec={spec} all={all} kept={kept} threshold={t ?? NaN} scale={scale} label={`${layer.name} weight histogram`} />
    </figure>
  );
}

function WeightHistogramsImpl({ view }: { view: ModelView | null }) {
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
      <HistogramLegend view={view} />
      <p className="metric-help" data-testid="histogram-threshold-note">
        {thresholdText(view)}
      </p>
      <div className="histogram-grid">
        {view ? view.layers.map((l) => <LayerHistogram key={l.name} layer={l} scale={scale} />) : <p>Train the model first.</p>}
      </div>
    </div>
  );
}

/** Memoised: re-renders only when its props change (not on every slider move elsewhere). */
export const WeightHistograms = memo(WeightHistogramsImpl);
