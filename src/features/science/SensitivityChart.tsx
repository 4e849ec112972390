// Per-layer sensitivity (Distiller-style): each layer pruned alone across rates, the others
// whole, one-shot from the current checkpoint. A line that falls early marks a fragile layer
// (on LeNet-5 the small conv layers); a flat one a redundant layer (fc1).

import { memo } from 'react';
import type { SensitivityResult } from '../../protocol/results';
import { formatPercent } from '../../kit/format';
import { LineChartSvg, type ChartSeries } from '../../kit/charts/LineChartSvg';
import { CRITERION_TEXT } from '../../kit/methodText';

interface Props {
  readonly result: SensitivityResult | null;
}

const pct = (v: number) => v * 100;

function SensitivityChartImpl({ result }: Props) {
  const layers = result ? [...new Set(result.points.map((p) => p.layer))] : [];
  const series: ChartSeries[] = layers.map((layer, i) => ({
    id: layer,
    label: layer,
    tone: 4 + (i % 4),
    points: (result?.points ?? []).filter((p) => p.layer === layer).map((p) => ({ x: pct(p.rate), y: pct(p.accuracy) })),
  }));
  const rates = result?.points.map((p) => p.rate) ?? [];
  const low = rates.length ? Math.floor(Math.min(...rates) * 10) * 10 : 0;
  const xTicks = Array.from({ length: Math.floor((100 - low) / 10) + 1 }, (_, i) => low + i * 10);
  const anchor = result && Number.isFinite(result.anchorAccuracy) ? result.anchorAccuracy : null;
  return (
    <figure className="chart" data-testid="sensitivity-chart" data-series-count={series.length}>
      <figcaption>
        Sensitivity: test accuracy with one layer pruned at a time, the others whole
        {result &&
          ` · ${CRITERION_TEXT[result.criterion].label} · ${result.structure === 'channels' ? 'whole channels' : 'single weights'} · ${result.examples.toLocaleString('en-US')} test examples`}
        {result?.stopped && ' · stopped early'}
      </figcaption>
      {result ? (
        <LineChartSvg
          series={series}
          xLabel="pruning rate of that layer"
          yLabel="test accuracy"
          xDomain={[low, 100]}
          yDomain={[0, 100]}
          xTicks={xTicks}
          yTicks={[0, 20, 40, 60, 80, 100]}
          lines={anchor === null ? [] : [{ y: pct(anchor), label: `unpruned ${formatPercent(anchor)}` }]}
          ariaLabel="accuracy against pruning rate, one line per layer"
        />
      ) : (
        <p className="hint chart-empty">Run the analysis to see which layers are fragile.</p>
      )}
    </figure>
  );
}

/** Memoised: redrawn only when a new analysis arrives. */
export const SensitivityChart = memo(SensitivityChartImpl);
