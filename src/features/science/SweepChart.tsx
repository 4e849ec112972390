// Accuracy against sparsity for several criteria, one-shot from the current checkpoint, no
// fine-tuning: one line per criterion, the unpruned accuracy as a reference line and, where
// the model's description has one, a published point (e.g. Han et al.'s LeNet-5) as a marker.

import { memo } from 'react';
import type { SweepResult } from '../../protocol/results';
import type { PublishedPoint } from '../../core/models/description';
import { formatPercent } from '../../kit/format';
import { LineChartSvg, type ChartSeries, type ReferencePoint } from '../../kit/charts/LineChartSvg';
import { CRITERION_TEXT, criterionTone } from '../../kit/methodText';

interface Props {
  readonly sweep: SweepResult | null;
  /** The published point drawn as a marker (the model description's), or none. */
  readonly reference: PublishedPoint | null;
}

const pct = (v: number) => v * 100;

function SweepChartImpl({ sweep, reference }: Props) {
  const criteria = sweep ? [...new Set(sweep.points.map((p) => p.criterion))] : [];
  const series: ChartSeries[] = criteria.map((c) => ({
    id: c,
    label: `${CRITERION_TEXT[c].label} (${CRITERION_TEXT[c].formula})`,
    tone: criterionTone(c),
    points: (sweep?.points ?? []).filter((p) => p.criterion === c).map((p) => ({ x: pct(p.sparsity), y: pct(p.accuracy) })),
  }));
  const ref = sweep ? reference : null;
  const refPoints: ReferencePoint[] =
    ref
      ? [{ id: 'han', x: pct(ref.sparsity), y: pct(ref.accuracy), label: `${ref.label} (iterative, with retraining)`, short: ref.short }]
      : [];
  const anchor = sweep && Number.isFinite(sweep.anchorAccuracy) ? sweep.anchorAccuracy : null;
  return (
    <figure className="chart" data-testid="sweep-chart" data-series-count={series.length}>
      <figcaption>
        Test accuracy against sparsity, one-shot from the current checkpoint, no fine-tuning
        {sweep &&
          ` · ${sweep.examples.toLocaleString('en-US')} test examples · ${sweep.scope === 'global' ? 'global' : 'per layer'} · ${sweep.structure === 'channels' ? 'whole channels' : 'single weights'}`}
        {sweep?.stopped && ' · stopped early: the points measured so far'}
      </figcaption>
      {sweep ? (
        <LineChartSvg
          series={series}
          xLabel="sparsity of the selected layers"
          yLabel="test accuracy"
          xDomain={[0, 100]}
          yDomain={[0, 100]}
          xTicks={[0, 20, 40, 60, 80, 100]}
          yTicks={[0, 20, 40, 60, 80, 100]}
          lines={anchor === null ? [] : [{ y: pct(anchor), label: `unpruned ${formatPercent(anchor)}` }]}
          refPoints={refPoints}
          ariaLabel="accuracy against sparsity per criterion"
        />
      ) : (
        <p className="hint chart-empty">Run a sweep to compare criteria.</p>
      )}
      {sweep && sweep.points.length > 0 && (
        <details className="chart-data">
          <summary>Numbers</summary>
          <table>
            <thead>
              <tr>
                <th>criterion</th>
                <th>rate</th>
                <th>sparsity</th>
                <th>accuracy</th>
              </tr>
            </thead>
            <tbody>
              {sweep.points.map((p) => (
                <tr key={`${p.criterion}-${p.rate}`}>
                  <td>{p.criterion}</td>
                  <td className="num">{formatPercent(p.rate, 0)}</td>
                  <td className="num">{formatPercent(p.sparsity, 1)}</td>
                  <td className="num">{formatPercent(p.accuracy)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint" data-timing="">
            Scoring:{' '}
            {Object.entries(sweep.scoreSeconds)
              .map(([c, s]) => `${c} ${(s ?? 0).toFixed(1)} s`)
              .join(', ')}
            ; whole sweep {sweep.seconds.toFixed(1)} s.
          </p>
        </details>
      )}
    </figure>
  );
}

/** Memoised: redrawn only when a new sweep arrives. */
export const SweepChart = memo(SweepChartImpl);
