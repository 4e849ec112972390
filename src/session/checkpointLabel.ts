// How a checkpoint is named on screen: its number (so no two read alike), how it was made
// (from which checkpoint, by which pruning method, for how many epochs) and the zeros it
// actually holds.

import type { PruneMethod } from '../core/method';
import type { CheckpointKind } from '../protocol/results';

const KIND_WORDS: Record<CheckpointKind, string> = {
  dense: 'dense',
  finetuned: 'fine-tuned',
  imported: 'imported',
  schedule: 'schedule',
};

/** Where a checkpoint came from, when the lab made it (a restored or imported one has none). */
export interface CheckpointOrigin {
  /** The checkpoint it was made from (null for the dense training). */
  readonly parent: number | null;
  /** Epochs of training or fine-tuning that made it, and whether they were stopped before the end. */
  readonly epochs: number;
  readonly stopped?: boolean;
  /** The epoch a stopped run was in when it was stopped (absent: unknown). */
  readonly stoppedInEpoch?: number;
  /** The pruning method it was made with, or its words when restored (null for the dense training). */
  readonly method: PruneMethod | string | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "magnitude 50% per layer", "taylor 90% global, whole channels", "magnitude 2:4". */
export function methodSummary(m: PruneMethod): string {
  if (m.structure === 'nm') return `${m.criterion} ${m.nm}`;
  const scope = m.scope === 'layer' ? 'per layer' : 'global';
  return `${m.criterion} ${Math.round(m.rate * 100)}% ${scope}${m.structure === 'channels' ? ', whole channels' : ''}`;
}

/** "fine-tuned 1 epoch from #1 · magnitude 50% per layer", "dense · trained 3 epochs". */
function originText(kind: CheckpointKind, name: string | undefined, origin: CheckpointOrigin): string {
  const what = name ?? KIND_WORDS[kind];
  const epochs = !origin.stopped
    ? plural(origin.epochs, 'epoch')
    : origin.stoppedInEpoch === undefined
      ? `part of ${plural(origin.epochs, 'epoch')}`
      : `stopped at epoch ${origin.stoppedInEpoch}/${origin.epochs}`;
  if (origin.parent === null) return `${what} · trained ${epochs}`;
  const how = kind === 'finetuned' ? `${what} ${epochs}` : `${what}, ${epochs}`;
  const method = typeof origin.method === 'string' ? origin.method : origin.method ? methodSummary(origin.method) : null;
  return `${how} from #${origin.parent}${method ? ` · ${method}` : ''}`;
}

/**
 * "#2 fine-tuned 1 epoch from #1 · magnitude 50% per layer · 75.0% zeros", "#0 dense · trained
 * 3 epochs · 0.0% zeros", or "#3 imported · 50.0% zeros" when its origin is unknown.
 */
export function checkpointLabel(id: number, kind: CheckpointKind, sparsity: number, name?: string, origin?: CheckpointOrigin): string {
  const what = origin ? originText(kind, name, origin) : (name ?? KIND_WORDS[kind]);
  return `#${id} ${what} · ${(sparsity * 100).toFixed(1)}% zeros`;
}
