// Per-layer sparsity bars: the zeros each layer of the model on screen holds. Redrawn on
// every slider move, so drawn as plain SVG (a handful of rectangles) rather than Recharts.

import { memo, useEffect } from 'react';
import { layerSparsity, type ModelView } from '../../core/prune/view';

interface Props {
  readonly view: ModelView | null;
  /** Called after the chart committed a new view (latency measurement). */
  readonly onRendered?: () => void;
}

const W = 560;
const H = 200;
const PAD = { left: 48, right: 12, top: 20, bottom: 28 };
const PW = W - PAD.left - PAD.right;
const PH = H - PAD.top - PAD.bottom;

function LayerSparsityChartImpl({ view, onRendered }: Props) {
  useEffect(() => {
    if (view) onRendered?.();
  }, [view, onRendered]);
  const layers = view?.layers ?? [];
  const slot = layers.length ? PW / layers.length : PW;
  const barW = slot * 0.72;
  const y = (pct: number) => PAD.top + PH - (pct / 100) * PH;
  return (
    <figure className="chart" data-testid="layer-sparsity-chart">
      <figcaption>Sparsity per layer (weights in brackets)</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="sparsity per layer" className="bars-svg">
        {[0, 25, 50, 75, 100].map((t) => (
          <g key={t}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
              {t}%
            </text>
          </g>
        ))}
        {layers.map((l, i) => {
          const pct = 100 * layerSparsity(l);
          const x = PAD.left + i * slot + (slot - barW) / 2;
          return (
            <g key={l.name}>
              <rect x={x} width={barW} y={y(pct)} height={PH - (y(pct) - PAD.top)} className={l.selected ? 'bar' : 'bar excluded'} data-layer={l.name} data-zeros={l.zeros} data-size={l.size} />
              <text x={x + barW / 2} y={y(pct) - 5} textAnchor="middle" className="value">
                {pct.toFixed(1)}%
              </text>
              <text x={x + barW / 2} y={H - 8} textAnchor="middle">
                {l.name} ({l.size.toLocaleString('en-US')})
              </text>
            </g>
          );
        })}
        <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} className="axis" />
      </svg>
    </figure>
  );
}

/** Memoised: re-renders only when its props change (not on every slider move elsewhere). */
export const LayerSparsityChart = memo(LayerSparsityChartImpl);
