// The speed readout of the prune panel: how much faster the model on screen infers with the
// sparse kernels than with the dense ones (measured test-set images/s) beside the ideal from its
// multiply-adds, per layer in the title; and, on request, speed against sparsity for
// unstructured weights, channels (compaction) and N:M (no kernel: 1×). Both are measured in
// the worker when asked, never on a slider move, so dragging stays as fast as before.

import { useState } from 'react';
import { speedText } from '../../core/backend/speedText';
import { LineChartSvg, type ChartSeries } from '../../kit/charts/LineChartSvg';
import type { SpeedCurve, SpeedReport } from '../../protocol/results';

interface Props {
  /** The view on screen (a report of another view is shown as out of date). */
  readonly viewSeq: number | null;
  readonly enabled: boolean;
  readonly onMeasure: (curve: boolean) => Promise<SpeedReport>;
}

function Curve({ curve }: { curve: SpeedCurve }) {
  const at = (ys: readonly number[]) => curve.rates.map((r, i) => ({ x: 100 * r, y: ys[i] }));
  const series: ChartSeries[] = [
    { id: 'unstructured', label: 'unstructured (sparse kernels where they pay)', tone: 0, points: at(curve.unstructured) },
    { id: 'channels', label: 'channels (compacted model)', tone: 1, points: at(curve.channels) },
    { id: 'nm', label: 'N:M (no kernel here: 1×)', tone: 2, points: at(curve.nm) },
  ];
  const top = Math.max(2, Math.ceil(Math.max(...curve.unstructured, ...curve.channels)));
  const step = top <= 5 ? 1 : Math.ceil(top / 5);
  return (
    <div data-testid="speed-curve" data-points={curve.rates.length}>
      <LineChartSvg
        series={series}
        xLabel="sparsity (each layer)"
        yLabel="speed-up"
        yUnit="×"
        xDomain={[0, 100]}
        yDomain={[0, top]}
        xTicks={[0, 25, 50, 75, 100]}
        yTicks={Array.from({ length: Math.floor(top / step) + 1 }, (_, i) => i * step)}
        lines={[{ y: 1, label: 'dense' }]}
        ariaLabel="Inference speed-up against sparsity"
      />
      <p className="metric-help">
        Each layer's kernels timed alone on a batch of test images at each sparsity, plus the rest of the model's work. Unstructured zeros pay only once a layer is sparse enough
        for the sparse kernel; N:M patterns have no kernel in the browser, so they buy storage, not time.
      </p>
    </div>
  );
}

export function SpeedReadout({ viewSeq, enabled, onMeasure }: Props) {
  const [report, setReport] = useState<SpeedReport | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const measure = (curve: boolean) => {
    setRunning(true);
    setError(null);
    onMeasure(curve)
      .then((r) => setReport((old) => ({ ...r, curve: r.curve ?? (old && old.viewSeq === r.viewSeq ? old.curve : null) })))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
      .finally(() => setRunning(false));
  };
  const stale = report !== null && report.viewSeq !== viewSeq;
  const text = report?.speed ? speedText(report.speed) : null;
  const title = report?.speed && text ? [`${report.speed.sparseImagesPerSec.toFixed(0)} vs ${report.speed.denseImagesPerSec.toFixed(0)} images/s on ${report.speed.examples} test images`, ...text.layers].join('\n') : undefined;
  return (
    <div className="metric">
      <span className="metric-label">Inference speed</span>
      <span className={`metric-value small${stale ? ' stale' : ''}`} data-testid="speed-readout" data-stale={stale} title={title}>
        {text ? text.summary : report?.note ? '1.0× (dense kernels)' : '—'}
      </span>
      <span className="metric-help">
        {running
          ? 'timing the model on the sparse and the dense kernels…'
          : report?.note
            ? report.note
            : stale
              ? 'for an earlier setting: measure again'
              : text
                ? `sparse kernels against the dense path on test images; ideal from the multiply-adds (hover for each layer)`
                : 'Pruned zeros save time only where a kernel skips them.'}
      </span>
      {error && (
        <span className="warning" role="alert">
          {error}
        </span>
      )}
      <span className="buttons">
        <button type="button" data-testid="speed-button" disabled={!enabled || running} onClick={() => measure(false)}>
          Measure speed
        </button>
        <button type="button" data-testid="speed-curve-button" disabled={!enabled || running} onClick={() => measure(true)}>
          Speed vs sparsity
        </button>
      </span>
      {report?.curve && !stale && <Curve curve={report.curve} />}
    </div>
  );
}
