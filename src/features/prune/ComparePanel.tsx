// Dense vs the model on screen: accuracy, zeros, non-zero parameters and bytes in several
// storage formats, read from the same view as every other readout. What pruning buys is
// said honestly: scattered zeros save storage, not time; whole channels, once compacted,
// save time too (with the measured speed when a compaction exists).

import type { ModelView } from '../../core/prune/view';
import { formatCount, formatKiB, formatPercent } from '../../kit/format';
import type { CheckpointInfo, CompactResult, ModelSizes } from '../../protocol/results';
import { channelSummary } from './rateText';

interface Props {
  readonly dense: CheckpointInfo | null;
  readonly view: ModelView | null;
  /** Sizes of the view on screen (null while they are measured). */
  readonly sizes: ModelSizes | null;
  /** Full test-set accuracy of the view on screen (null while it is measured). */
  readonly accuracy: number | null;
  /** The compaction of the view on screen, if one was run. */
  readonly compact: CompactResult | null;
  readonly itemLabel: string;
}

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
  readonly testid?: string;
}

function rows(dense: CheckpointInfo, view: ModelView, sizes: ModelSizes | null, accuracy: number | null): Row[] {
  const d = dense.sizes;
  const measuring = 'measuring…';
  const bytes = (f: (s: ModelSizes) => number, ref: number) => (sizes ? formatKiB(f(sizes)) + ratio(ref, f(sizes)) : measuring);
  const denseZeros = dense.layers.filter((l) => view.method.layers.includes(l.name)).reduce((s, l) => s + l.zeros, 0);
  return [
    { label: 'Test accuracy', help: 'on the full test set', dense: formatPercent(dense.accuracy), current: accuracy === null ? measuring : formatPercent(accuracy) },
    {
      label: 'Zeros in the selected layers',
      help: 'the achieved sparsity',
      dense: formatPercent(view.selected.weights ? denseZeros / view.selected.weights : 0, 1),
      current: formatPercent(view.selected.sparsity, 1),
      testid: 'compare-sparsity',
    },
    { label: 'Non-zero parameters', help: 'all weights and biases', dense: formatCount(d.nonZero), current: sizes ? formatCount(sizes.nonZero) : measuring },
    { label: 'Dense float32', help: 'what the model occupies as stored today', dense: formatKiB(d.denseBytes), current: sizes ? formatKiB(sizes.denseBytes) : measuring },
    { label: 'Sparse (CSR)', help: 'values + column indices + row pointers', dense: formatKiB(d.csrBytes), current: bytes((s) => s.csrBytes, d.denseBytes) },
    { label: 'Bitmask + values', help: 'one bit per weight + the non-zero values', dense: formatKiB(d.bitmaskBytes), current: bytes((s) => s.bitmaskBytes, d.denseBytes) },
    { label: 'gzip of float32', help: 'what a compressed download would cost', dense: formatKiB(d.gzipBytes), current: bytes((s) => s.gzipBytes, d.gzipBytes) },
    ...(sizes?.nm
      ? [{ label: `N:M ${sizes.nm.pattern} (values + indices)`, help: 'the kept values and a small index per value', dense: '—', current: formatKiB(sizes.nm.bytes) + ratio(d.denseBytes, sizes.nm.bytes), testid: 'compare-nm' }]
      : []),
  ];
}

function StructureNote({ view, compact, itemLabel }: { view: ModelView; compact: CompactResult | null; itemLabel: string }) {
  if (view.structure === 'nm') {
    return (
      <p className="metric-help" data-testid="compare-note">
        N:M keeps {view.method.nm.split(':')[0]} of every {view.method.nm.split(':')[1]} weights, so it stores in a fixed compressed form: values plus a small index each. Sparse tensor
        cores (NVIDIA Ampere and later) also run it faster; browsers have no N:M kernels, so here it buys storage, not speed.
      </p>
    );
  }
  if (view.structure !== 'channels') {
    return (
      <p className="metric-help" data-testid="compare-note">
        Masked weights are zeros inside dense tensors: dense kernels still multiply them, so this pruning saves storage (with a sparse format or compression), not
        time. Speed needs whole channels (then Compact) or sparse kernels.
      </p>
    );
  }
  return (
    <div className="metric-help" data-testid="compare-note">
      <p>Whole channels. {channelSummary(view)}</p>
      {compact ? (
        <p data-testid="compare-compact">
          Compacted, the model really is smaller and faster: {formatCount(compact.compact.params)} instead of {formatCount(compact.dense.params)} parameters,{' '}
          <span data-timing="">
            {formatCount(compact.compactSpeed.imagesPerSec)} vs {formatCount(compact.denseSpeed.imagesPerSec)} {itemLabel}/s (
            {(compact.compactSpeed.imagesPerSec / Math.max(compact.denseSpeed.imagesPerSec, 1e-9)).toFixed(2)}×)
          </span>
          , with the same outputs (max |Δ| {compact.maxDiff.toExponential(1)}).
        </p>
      ) : (
        <p>Inside dense tensors these zeros still cost time; press Compact (in 5 · Science) to build the genuinely smaller model and time it.</p>
      )}
    </div>
  );
}

export function ComparePanel({ dense, view, sizes, accuracy, compact, itemLabel }: Props) {
  if (!dense || !view) return <p className="metric-help">Train the model to compare it with its pruned version.</p>;
  return (
    <div className="compare" data-testid="compare-panel">
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">dense</th>
              <th scope="col">current</th>
            </tr>
          </thead>
          <tbody>
            {rows(dense, view, sizes, accuracy).map((r) => (
              <tr key={r.label}>
                <th scope="row" title={r.help}>
                  {r.label}
                </th>
                <td className="num">{r.dense}</td>
                <td className="num" data-testid={r.testid}>
                  {r.current}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {view.layers
        .filter((l) => l.rows && l.rows.pruned > 0)
        .map((l) => {
          const r = l.rows;
          if (!r) return null;
          const cols = l.size / r.total;
          return (
            <p key={l.name} data-testid="rows-summary">
              <strong>{l.name}</strong>: {formatCount(r.total - r.pruned)} of {formatCount(r.total)} rows kept. Dropping the removed rows (and their words) gives a dense table of{' '}
              {formatKiB((r.total - r.pruned) * cols * 4)} instead of {formatKiB(r.total * cols * 4)}: a real saving, with no sparse format needed.
            </p>
          );
        })}
      <StructureNote view={view} compact={compact} itemLabel={itemLabel} />
    </div>
  );
}
