// The weight histograms' legend and threshold sentence: each series named by what it is and
// drawn as the bars are (survivors are drawn over the anchor's bars; theme-independent), and the dashed lines
// explained, or said to be absent, for the criterion and structure in use.

import type { ModelView } from '../../core/prune/view';
import { criterionUnit } from '../../core/criteria';
import { CRITERION_TEXT } from '../../kit/methodText';

function Swatch({ kind }: { kind: 'all' | 'kept' | 'threshold' }) {
  return (
    <svg className="histogram-svg legend-swatch" width="16" height="10" viewBox="0 0 16 10" aria-hidden="true">
      {kind === 'threshold' ? <line x1="8" x2="8" y1="0" y2="10" className="threshold" /> : (
        <>
          <rect x="0" y="0" width="16" height="10" className="bar-all" />
          {kind === 'kept' && <rect x="0" y="0" width="16" height="10" className="bar-kept" />}
        </>
      )}
    </svg>
  );
}

/** True when the histograms draw a magnitude threshold: some layer has one. */
function hasThreshold(view: ModelView | null): boolean {
  return view?.layers.some((l) => l.threshold !== null) ?? false;
}

export function HistogramLegend({ view }: { view: ModelView | null }) {
  return (
    <ul className="chart-legend histogram-legend" data-testid="histogram-legend">
      <li data-series="all">
        <Swatch kind="all" /> before this pruning: the checkpoint's non-zero weights
      </li>
      <li data-series="kept">
        <Swatch kind="kept" /> surviving weights
      </li>
      {hasThreshold(view) && (
        <li data-series="threshold">
          <Swatch kind="threshold" /> ±t: the largest |w| this pruning removed
        </li>
      )}
    </ul>
  );
}

/** What the dashed lines are (or why there are none) under the method on screen. */
export function thresholdText(view: ModelView | null): string {
  if (!view) return '';
  const criterion = CRITERION_TEXT[view.criterion];
  if (view.structure === 'channels') {
    return `No threshold lines: whole channels go by their summed ${criterion.label} score (${criterion.formula}), so weights of every size are removed.`;
  }
  if (view.structure === 'nm') {
    return `No threshold lines: N:M keeps the best-scoring weights of each group of ${view.method.nm.split(':')[1]}, so the cut differs from group to group.`;
  }
  if (!criterionUnit(view.criterion).scoresAreMagnitudes) {
    return `No threshold lines: ${criterion.label} ranks weights by ${criterion.formula}, not by |w|, so small weights can survive and large ones go.`;
  }
  if (!hasThreshold(view)) {
    return view.anchorSparsity > 0 ? 'No threshold lines: this setting removes no weight beyond the checkpoint’s own zeros.' : 'No threshold lines: nothing is pruned.';
  }
  return 'Magnitude pruning: the weights removed have |w| ≤ t (t per layer, in its title); every survivor has |w| ≥ t.';
}
