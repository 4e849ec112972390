// Says plainly when the trained model came from this browser's storage instead of a
// training run in this page, and when it was trained.

import type { RestoredRun } from '../../protocol/results';

export function RestoredNote({ restored }: { restored: RestoredRun | null }) {
  if (!restored) return null;
  return (
    <p className="restored-note" data-testid="restored-note">
      Restored from this browser&apos;s storage, trained <span data-timing="">{new Date(restored.savedAt).toLocaleString('en-US')}</span>: no training ran in this page.
      Reset (in Save / share) trains it again.
    </p>
  );
}
