// The stage table (bytes with all metadata, ratio to dense float32, measured accuracy) and
// the per-layer table of a compression run; numbers come from the worker's reply as they are.

import { STAGE_LABELS, type LayerRow, type StageRow } from '../../core/compress/stages';

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

export function StageTable({ stages, denseBytes }: { readonly stages: readonly StageRow[]; readonly denseBytes: number }) {
  return (
    <div className="table-scroll">
      <table data-testid="compress-stages" className="compress-stages">
        <thead>
          <tr>
            <th>Stage</th>
            <th>Bytes</th>
            <th>Ratio vs dense float32</th>
            <th>Test accuracy</th>
          </tr>
        </thead>
        <tbody>
          {stages.map((s) => (
            <tr key={s.stage} data-stage={s.stage} data-bytes={s.bytes}>
              <td>{STAGE_LABELS[s.stage]}</td>
              <td>{s.bytes.toLocaleString('en-US')}</td>
              <td>{(denseBytes / s.bytes).toFixed(1)}×</td>
              <td data-testid={`compress-accuracy-${s.stage}`}>{pct(s.accuracy)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function LayerTable({ layers }: { readonly layers: readonly LayerRow[] }) {
  return (
    <div className="table-scroll">
      <table className="compress-layers">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Kept</th>
            <th>Codebook bits</th>
            <th>Code bits (Huffman)</th>
            <th>Index bits (Huffman)</th>
            <th>Bytes in file</th>
          </tr>
        </thead>
        <tbody>
          {layers.map((l) => (
            <tr key={l.layer}>
              <td>{l.layer}</td>
              <td>
                {l.kept.toLocaleString('en-US')} / {l.weights.toLocaleString('en-US')} ({((100 * l.kept) / l.weights).toFixed(1)}%)
              </td>
              <td>{l.bits}</td>
              <td>{l.codeBits.toFixed(2)}</td>
              <td>
                {l.indexBits.toFixed(2)} ({l.indexWidth}-bit gaps)
              </td>
              <td>{l.bytes.toLocaleString('en-US')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
