// The stage table's chart: one horizontal bar per stage, its length the stage's bytes on a
// log scale (powers of ten marked), so dense 1 MB and a 25 KB file both read — on a linear
// axis every stage after pruning would be a sliver. Plain SVG: five bars, no interaction.

import { STAGE_LABELS, type StageRow } from '../../core/compress/stages';
import { logDomain } from './logAxis';

const W = 420;
const ROW = 26;
const PAD = { left: 150, right: 70, top: 6, bottom: 22 };

const SHORT: Record<StageRow['stage'], string> = {
  dense: 'dense',
  pruned: 'pruned',
  quantized: 'quantized',
  finetuned: 'fine-tuned',
  huffman: 'Huffman (file)',
};

function fmtBytes(b: number): string {
  return b >= 1e6 ? `${b / 1e6} MB` : b >= 1e3 ? `${b / 1e3} KB` : `${b} B`;
}

export function StageChart({ stages, denseBytes }: { readonly stages: readonly StageRow[]; readonly denseBytes: number }) {
  const { lo, hi } = logDomain(stages.map((s) => s.bytes));
  const plotW = W - PAD.left - PAD.right;
  const x = (b: number) => PAD.left + ((Math.log10(Math.max(b, 10 ** lo)) - lo) / (hi - lo)) * plotW;
  const H = PAD.top + stages.length * ROW + PAD.bottom;
  const ticks = Array.from({ length: hi - lo + 1 }, (_, i) => 10 ** (lo + i));
  return (
    <figure className="chart compress-chart" data-testid="compress-chart" data-log-min={10 ** lo} data-log-max={10 ** hi}>
      <figcaption>Bytes per stage (log scale: each grid line is ten times the one before)</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label="Bytes per compression stage, log scale" className="bars-svg">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={PAD.top} y2={H - PAD.bottom} className="grid" />
            <text x={x(t)} y={H - 6} textAnchor="middle">
              {fmtBytes(t)}
            </text>
          </g>
        ))}
        {stages.map((s, i) => {
          const y = PAD.top + i * ROW;
          return (
            <g key={s.stage} data-stage={s.stage} data-bytes={s.bytes}>
              <title>{`${STAGE_LABELS[s.stage]}: ${s.bytes.toLocaleString('en-US')} bytes`}</title>
              <text x={PAD.left - 6} y={y + ROW / 2 + 4} textAnchor="end">
                {SHORT[s.stage]}
              </text>
              <rect x={PAD.left} y={y + 4} width={Math.max(1, x(s.bytes) - PAD.left)} height={ROW - 8} className="bar" />
              <text x={x(s.bytes) + 4} y={y + ROW / 2 + 4} className="value">
                {(denseBytes / s.bytes).toFixed(1)}×
              </text>
            </g>
          );
        })}
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} className="axis" />
      </svg>
    </figure>
  );
}
