// One weight histogram drawn as plain SVG: the distribution before pruning (light), the
// surviving weights (dark) and the threshold ±t. It redraws on every slider move, so it is
// hand-drawn rather than Recharts: 41 bins of rectangles render in about a millisecond.

import type { HistogramSpec } from '../../core/prune/histogram';

export type CountScale = 'linear' | 'log';

interface Props {
  readonly spec: HistogramSpec;
  readonly all: Uint32Array;
  readonly kept: Uint32Array;
  /** Magnitude threshold (drawn at ±t when finite and positive). */
  readonly threshold: number;
  readonly scale: CountScale;
  readonly label: string;
}

const W = 300;
const H = 150;
const PAD = { left: 44, right: 8, top: 6, bottom: 22 };
const PW = W - PAD.left - PAD.right;
const PH = H - PAD.top - PAD.bottom;

function fmtCount(n: number): string {
  return n >= 10000 ? `${Math.round(n / 1000)}k` : String(Math.round(n));
}

export function HistogramSvg({ spec, all, kept, threshold, scale, label }: Props) {
  const max = Math.max(1, ...all, ...kept);
  const h = (c: number) => (scale === 'log' ? (Math.log10(1 + c) / Math.log10(1 + max)) * PH : (c / max) * PH);
  const bw = PW / spec.bins;
  const x = (v: number) => PAD.left + ((v - spec.min) / (spec.max - spec.min)) * PW;
  const yTicks = scale === 'log' ? [1, Math.round(Math.sqrt(max)), max] : [0, max / 2, max];
  const xTicks = [spec.min, (spec.min + spec.max) / 2, spec.max];
  const showT = Number.isFinite(threshold) && threshold > 0;
  return (
    <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={label} className="histogram-svg">
      {yTicks.map((t) => {
        const y = PAD.top + PH - h(t);
        return (
          <g key={`y${t}`}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y} y2={y} className="grid" />
            <text x={PAD.left - 4} y={y + 3} textAnchor="end">
              {fmtCount(t)}
            </text>
          </g>
        );
      })}
      {Array.from(all, (c, i) => (
        <rect key={`a${i}`} x={PAD.left + i * bw} width={bw} y={PAD.top + PH - h(c)} height={h(c)} className="bar-all" />
      ))}
      {Array.from(kept, (c, i) =>
        c > 0 ? (
          <rect key={`k${i}`} x={PAD.left + i * bw} width={bw} y={PAD.top + PH - h(c)} height={h(c)} className="bar-kept" />
        ) : null,
      )}
      <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + PH} y2={PAD.top + PH} className="axis" />
      {xTicks.map((t, i) => (
        <text key={`x${t}`} x={x(t)} y={H - 6} textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}>
          {t.toFixed(2)}
        </text>
      ))}
      {showT &&
        [-threshold, threshold].map((t) => (
          <line key={`t${t}`} x1={x(t)} x2={x(t)} y1={PAD.top} y2={PAD.top + PH} className="threshold" />
        ))}
    </svg>
  );
}
