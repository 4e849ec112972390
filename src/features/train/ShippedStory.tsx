// The training story of the shipped model, in place of the live curves it never had on
// this page: how it was trained (optimiser, epochs, examples, time, backend) and its test
// accuracy after each epoch, all read from the provenance stored with it. No loss curve
// was stored, and the card says so rather than drawing empty charts. A one-line summary of
// it heads the prune panel, which leads the trained start.

import type { ModelInfo } from '../../core/models/catalog';
import { formatCount, formatDuration, formatPercent } from '../../kit/format';
import type { ShippedModel } from '../../protocol/results';

/** Height (px) of the tallest epoch bar; bars start at the lowest accuracy minus a margin, so the gains show. */
const BAR_PX = 40;

function EpochBars({ accuracies }: { accuracies: readonly number[] }) {
  const low = Math.max(0, Math.min(...accuracies) - 0.01);
  const high = Math.max(...accuracies);
  return (
    <ol className="epoch-bars" aria-label="test accuracy after each epoch">
      {accuracies.map((a, i) => (
        <li key={i}>
          <span className="epoch-bar" style={{ height: `${Math.max(2, Math.round(((a - low) / Math.max(high - low, 1e-9)) * BAR_PX))}px` }} />
          <span className="epoch-value">{formatPercent(a)}</span>
          <span className="epoch-label">epoch {i + 1}</span>
        </li>
      ))}
    </ol>
  );
}

export function ShippedStory({ shipped, info }: { shipped: ShippedModel; info: ModelInfo }) {
  const time = shipped.trainSeconds === null ? '' : ` in ${formatDuration(shipped.trainSeconds)}`;
  return (
    <div className="shipped-story" data-testid="shipped-story">
      <p className="shipped-story-head">
        <strong>How this model was trained:</strong> {info.optimizerLabel}, batch {info.defaults.batchSize}, {shipped.epochs} epoch{shipped.epochs === 1 ? '' : 's'} on{' '}
        {formatCount(shipped.train)} {info.itemLabel}
        {time} ({shipped.backend}): test accuracy <strong>{formatPercent(shipped.trainedAccuracy)}</strong>.
      </p>
      {shipped.epochAccuracies.length > 0 && <EpochBars accuracies={shipped.epochAccuracies} />}
      <p className="metric-help">Its loss curve was not stored with it. Press Train again to watch one live: the loss falls and the accuracy climbs.</p>
    </div>
  );
}

/** One line: which model the page started from and how it was trained, linking to the full story. */
export function ShippedSummary({ shipped, info }: { shipped: ShippedModel | null; info: ModelInfo }) {
  if (!shipped) return null;
  return (
    <p className="metric-help" data-testid="shipped-summary">
      Starting from the {info.label} that ships with PruneLab: {info.optimizerLabel}, {shipped.epochs} epoch{shipped.epochs === 1 ? '' : 's'} on {formatCount(shipped.train)}{' '}
      {info.itemLabel}, {formatPercent(shipped.testAccuracy)} on this page&apos;s test set (<a href="#train-title">how it was trained</a>).
    </p>
  );
}
