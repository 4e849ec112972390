// The confusion matrix of the current model on the test set, as an accessible HTML table:
// rows are true classes, columns predicted ones, each cell shaded by its share of the row
// (the diagonal in the accent colour, mistakes in red; at most 45 % strength so the count
// keeps AA contrast in both themes) and labelled for screen readers.

import { memo } from 'react';
import type { ConfusionCounts } from '../../protocol/results';

interface Props {
  readonly confusion: ConfusionCounts | null;
  readonly labels: readonly string[];
  /** True while a newer setting is being measured. */
  readonly stale: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const ConfusionMatrix = memo(function ConfusionMatrix({ confusion, labels, stale }: Props) {
  if (!confusion) {
    return (
      <p className="metric-help" data-testid="confusion-matrix-empty">
        The confusion matrix appears once the current model has been measured on all test examples.
      </p>
    );
  }
  const n = confusion.classes;
  const rows = Array.from({ length: n }, (_, t) => Array.from(confusion.counts.subarray(t * n, (t + 1) * n)));
  const name = (i: number) => labels[i] ?? String(i);
  return (
    <div className={`confusion${stale ? ' stale' : ''}`} data-testid="confusion-matrix" data-examples={confusion.examples}>
      <table>
        <caption>
          Rows: true class · columns: predicted class · {confusion.examples.toLocaleString('en-US')} test examples, accuracy{' '}
          {pct(confusion.accuracy)}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="corner">
              true ↓ / predicted →
            </th>
            {rows.map((_, p) => (
              <th key={p} scope="col">
                {name(p)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, t) => {
            const total = row.reduce((a, b) => a + b, 0);
            return (
              <tr key={t}>
                <th scope="row">{name(t)}</th>
                {row.map((count, p) => {
                  const share = total ? count / total : 0;
                  const tone = t === p ? 'var(--accent)' : 'var(--c-pruned)';
                  return (
                    <td
                      key={p}
                      className={t === p ? 'diag' : count ? 'miss' : undefined}
                      style={{ background: count ? `color-mix(in srgb, ${tone} ${Math.round(8 + share * 37)}%, transparent)` : undefined }}
                      aria-label={`true ${name(t)}, predicted ${name(p)}: ${count} (${pct(share)} of true ${name(t)})`}
                    >
                      {count}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
});
