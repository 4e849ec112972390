// How a stored history reads back into the lab: each restored checkpoint's root and origin
// as positions in the restored list (stored ids of several tabs interleave, and records kept
// aside leave gaps), and what could not be restored, in words for the page.

import type { KeptAside, SavedCheckpoint, SavedCheckpointMeta } from '../core/persist/experimentStorage';
import type { CheckpointOrigin } from './checkpointLabel';

const isRoot = (kind: SavedCheckpointMeta['kind']) => kind !== 'finetuned';

/** Each restored checkpoint's root as a position in `saved` (older entries name none: the latest root before it). */
export function restoredRoots(saved: readonly SavedCheckpoint[]): number[] {
  const position = new Map(saved.map((c, i) => [c.id, i]));
  let latest = 0;
  return saved.map((c, i) => {
    if (isRoot(c.meta.kind)) return (latest = i);
    return (c.meta.root === undefined ? undefined : position.get(c.meta.root)) ?? latest;
  });
}

/** Each restored checkpoint's origin and name, its parent as a position in `saved` (restored in that order). */
export function restoredOrigins(saved: readonly SavedCheckpoint[]): { origin?: CheckpointOrigin; name?: string }[] {
  const position = new Map(saved.map((c, i) => [c.id, i]));
  return saved.map((c) => {
    const o = c.meta.origin;
    if (!o) return c.meta.name === undefined ? {} : { name: c.meta.name };
    const parent = o.parent === null ? null : position.get(o.parent);
    if (parent === undefined) return {};
    const inEpoch = o.stoppedInEpoch === undefined ? {} : { stoppedInEpoch: o.stoppedInEpoch };
    return { origin: { parent, epochs: o.epochs, stopped: o.stopped, ...inEpoch, method: o.how }, ...(o.name === null ? {} : { name: o.name }) };
  });
}

/** "#0 (Weights file holds 96 bytes, expected 100)" for each record, at most 3 named. */
export function keptAsideText(kept: readonly KeptAside[]): string {
  const named = kept.slice(0, 3).map((k) => `#${k.id} (${k.problem.length > 120 ? `${k.problem.slice(0, 119)}…` : k.problem})`);
  const more = kept.length > 3 ? ` and ${kept.length - 3} more` : '';
  const n = kept.length === 1 ? '1 stored checkpoint' : `${kept.length} stored checkpoints`;
  return `${n} could not be restored: ${named.join('; ')}${more}. Kept aside in this browser, not deleted (Reset deletes them).`;
}
