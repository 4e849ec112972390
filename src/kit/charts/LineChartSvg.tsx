// A small line chart drawn as plain SVG (like the histograms): several series of points on
// percentage axes, horizontal reference lines and labelled reference points, and an HTML
// legend. Every series path and legend entry carries data-series, so tests can count them;
// colours come from the theme through CSS classes (tone-N).

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

export interface ChartSeries {
  readonly id: string;
  readonly label: string;
  readonly tone: number;
  readonly points: readonly ChartPoint[];
}

export interface ReferenceLine {
  readonly y: number;
  readonly label: string;
}

export interface ReferencePoint extends ChartPoint {
  readonly id: string;
  /** In the legend, and a short form next to the marker. */
  readonly label: string;
  readonly short: string;
}

interface Props {
  readonly series: readonly ChartSeries[];
  readonly xLabel: string;
  readonly yLabel: string;
  /** Axis ranges in percent. */
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly xTicks: readonly number[];
  readonly yTicks: readonly number[];
  readonly lines?: readonly ReferenceLine[];
  readonly refPoints?: readonly ReferencePoint[];
  readonly ariaLabel: string;
  /** Unit after the y values (default '%'). */
  readonly yUnit?: string;
}

const W = 560;
const H = 260;
const PAD = { left: 48, right: 24, top: 12, bottom: 40 };
const PW = W - PAD.left - PAD.right;
const PH = H - PAD.top - PAD.bottom;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export function LineChartSvg({ series, xLabel, yLabel, xDomain, yDomain, xTicks, yTicks, lines = [], refPoints = [], ariaLabel, yUnit = '%' }: Props) {
  const sx = (v: number) => PAD.left + ((clamp(v, xDomain[0], xDomain[1]) - xDomain[0]) / (xDomain[1] - xDomain[0])) * PW;
  const sy = (v: number) => PAD.top + PH - ((clamp(v, yDomain[0], yDomain[1]) - yDomain[0]) / (yDomain[1] - yDomain[0])) * PH;
  const path = (pts: readonly ChartPoint[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
  return (
    <>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={ariaLabel} className="line-svg">
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(t)} y2={sy(t)} className="grid" />
            <text x={PAD.left - 6} y={sy(t) + 4} textAnchor="end">
              {t}
              {yUnit}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={PAD.top + PH + 16} textAnchor="middle">
            {t}%
          </text>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + PH} y2={PAD.top + PH} className="axis" />
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={PAD.top + PH} className="axis" />
        <text x={PAD.left + PW / 2} y={H - 4} textAnchor="middle" className="axis-label">
          {xLabel}
        </text>
        <text x={12} y={PAD.top + PH / 2} textAnchor="middle" className="axis-label" transform={`rotate(-90 12 ${PAD.top + PH / 2})`}>
          {yLabel}
        </text>
        {lines.map((l) => (
          <g key={l.label} className="ref-line">
            <line x1={PAD.left} x2={W - PAD.right} y1={sy(l.y)} y2={sy(l.y)} />
            <text x={PAD.left + 4} y={sy(l.y) - 4}>
              {l.label}
            </text>
          </g>
        ))}
        {series.map((s) => (
          <g key={s.id} className={`series tone-${s.tone}`}>
            <path d={path(s.points)} data-series={s.id} />
            {s.points.map((p) => (
              <circle key={`${p.x},${p.y}`} cx={sx(p.x)} cy={sy(p.y)} r={3}>
                <title>{`${s.label}: ${p.y.toFixed(2)}${yUnit} at ${p.x.toFixed(1)}%`}</title>
              </circle>
            ))}
          </g>
        ))}
        {refPoints.map((p) => {
          const x = sx(p.x);
          const y = sy(p.y);
          return (
            <g key={p.id} className="ref-point" data-ref={p.id}>
              <path d={`M${x},${y - 7} L${x + 7},${y} L${x},${y + 7} L${x - 7},${y} Z`} />
              <text x={x - 10} y={y + 18} textAnchor="end">
                {p.short}
              </text>
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend">
        {series.map((s) => (
          <li key={s.id} data-series={s.id} className={`tone-${s.tone}`}>
            <span className="swatch" aria-hidden="true" /> {s.label}
          </li>
        ))}
        {refPoints.map((p) => (
          <li key={p.id} className="ref-point-legend">
            <span className="swatch diamond" aria-hidden="true" /> {p.label}
          </li>
        ))}
      </ul>
    </>
  );
}
