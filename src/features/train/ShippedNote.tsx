// Says plainly where the trained start's model came from: the tutorial's settings, the
// script and commit that trained it, its accuracy then and as measured on this page.

import type { ModelInfo } from '../../core/models/catalog';
import { formatCount, formatPercent } from '../../kit/format';
import type { ShippedModel } from '../../protocol/results';

export function ShippedNote({ shipped, info }: { shipped: ShippedModel | null; info: ModelInfo }) {
  if (!shipped) return null;
  return (
    <p className="restored-note" data-testid="shipped-note">
      Started from the {info.label} that ships with PruneLab, trained with the tutorial&apos;s settings ({shipped.epochs} epochs, {info.optimizerLabel}, batch {info.defaults.batchSize},{' '}
      {formatCount(shipped.train)} {info.itemLabel}, seed {shipped.seed}) by <code>{shipped.script}</code> at commit <code>{shipped.commit}</code> ({shipped.backend} backend):{' '}
      {formatPercent(shipped.trainedAccuracy)} then, <strong>{formatPercent(shipped.testAccuracy)}</strong> measured here on {formatCount(shipped.examples)} test {info.itemLabel}. Train
      again to start from scratch.
    </p>
  );
}
