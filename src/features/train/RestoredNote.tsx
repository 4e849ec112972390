// Says plainly when the model came from this browser's storage instead of a training run
// (or an import) in this page, and when it was trained or imported.

import type { RestoredRun } from '../../protocol/results';

export function RestoredNote({ restored }: { restored: RestoredRun | null }) {
  if (!restored) return null;
  return (
    <p className="restored-note" data-testid="restored-note">
      Restored from this browser&apos;s storage, {restored.origin} <span data-timing="">{new Date(restored.savedAt).toLocaleString('en-US')}</span>: no training ran in this
      page. Reset (in Save / share) forgets it{restored.origin === 'imported' ? '' : ' and trains it again'}.
    </p>
  );
}
