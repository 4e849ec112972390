// How a checkpoint is named on screen: its number (so no two read alike), how it was made,
// and the zeros it actually holds.

import type { CheckpointKind } from '../protocol/results';

const KIND_WORDS: Record<CheckpointKind, string> = {
  dense: 'dense',
  finetuned: 'fine-tuned',
  imported: 'imported',
  schedule: 'schedule',
};

/** "#3 fine-tuned · 90.0% zeros", or "#2 iterative to 92.0% · 92.0% zeros" with a name. */
export function checkpointLabel(id: number, kind: CheckpointKind, sparsity: number, name?: string): string {
  return `#${id} ${name ?? KIND_WORDS[kind]} · ${(sparsity * 100).toFixed(1)}% zeros`;
}
