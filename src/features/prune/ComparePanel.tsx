// Dense vs current model: accuracy, non-zero parameters and bytes in three storage
// formats, with the honest caveat that zeros in a dense tensor do not make it faster.

import type { ModelSizes } from '../../protocol/events';
import { denseAccuracy, formatPercent, type LabState } from '../../shell/labState';

const fmt = (n: number) => n.toLocaleString('en-US');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

/** How `current` compares with the dense float32 reference, in words. */
function ratio(dense: number, current: number): string {
  if (current <= 0 || dense <= 0) return '';
  return current <= dense ? ` (${(dense / current).toFixed(1)}× smaller)` : ` (${(current / dense).toFixed(1)}× larger)`;
}

interface Row {
  readonly label: string;
  readonly help: string;
  readonly dense: string;
  readonly current: string;
}

function rows(dense: ModelSizes, current: ModelSizes, accDense: number | null, accNow: number | null): Row[] {
  return [
    {
      label: 'Test accuracy',
      help: 'on the full test set',
      dense: accDense === null ? '—' : formatPercent(accDense),
      current: accNow === null ? '—' : formatPercent(accNow),
    },
    { label: 'Non-zero parameters', help: 'all weights and biases', dense: fmt(dense.nonZero), current: fmt(current.nonZero) },
    { label: 'Dense float32', help: 'what the model occupies as stored today', dense: kb(dense.denseBytes), current: kb(current.denseBytes) },
    {
      label: 'Sparse (CSR)',
      help: 'values + column indices + row pointers',
      dense: kb(dense.csrBytes),
      current: kb(current.csrBytes) + ratio(dense.denseBytes, current.csrBytes),
    },
    {
      label: 'Bitmask + values',
      help: 'one bit per weight + the non-zero values',
      dense: kb(dense.bitmaskBytes),
      current: kb(current.bitmaskBytes) + ratio(dense.denseBytes, current.bitmaskBytes),
    },
    {
      label: 'gzip of float32',
      help: 'what a compressed download would cost',
      dense: kb(dense.gzipBytes),
      current: kb(current.gzipBytes) + ratio(dense.gzipBytes, current.gzipBytes),
    },
  ];
}

export function ComparePanel({ state }: { state: LabState }) {
  const { denseSizes, sizes, accuracy } = state.prune;
  if (!denseSizes || !sizes) return <p className="metric-help">Train the model to compare it with its pruned version.</p>;
  const accNow = accuracy && !accuracy.estimate ? accuracy.value : null;
  return (
    <div className="compare" data-testid="compare-panel">
      <table>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">dense</th>
            <th scope="col">current</th>
          </tr>
        </thead>
        <tbody>
          {rows(denseSizes, sizes, denseAccuracy(state), accNow).map((r) => (
            <tr key={r.label}>
              <th scope="row" title={r.help}>
                {r.label}
              </th>
              <td className="num">{r.dense}</td>
              <td className="num">{r.current}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {state.prune.stats?.layers
        .filter((l) => l.rows && l.rows.pruned > 0)
        .map((l) => {
          const rows = l.rows;
          if (!rows) return null;
          const cols = l.size / rows.total;
          return (
            <p key={l.name} data-testid="rows-summary">
              <strong>{l.name}</strong>: {fmt(rows.total - rows.pruned)} of {fmt(rows.total)} rows kept. Dropping the
              removed rows (and their words) gives a dense table of {kb((rows.total - rows.pruned) * cols * 4)} instead of{' '}
              {kb(rows.total * cols * 4)}: a real saving, with no sparse format needed.
            </p>
          );
        })}
      <p className="metric-help">
        Masked weights are zeros inside dense tensors: dense kernels still multiply them, so this pruning saves
        storage (with a sparse format or compression), not time. Speed needs structured pruning or sparse kernels.
      </p>
    </div>
  );
}
