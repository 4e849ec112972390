// A link carries settings, never weights. When the model on screen is a checkpoint its
// settings cannot recreate (fine-tuned, made by a schedule, or imported), the copied link
// says what it was made from (from=…), Copy link says the checkpoint stays in this browser,
// and the page the link opens says that it shows the freshly trained model instead.

import type { CheckpointInfo } from '../protocol/results';
import type { LinkOrigin } from './urlSchema';

const WORDS: Readonly<Record<LinkOrigin, string>> = {
  finetuned: 'a fine-tuned checkpoint',
  schedule: 'a checkpoint made by a pruning schedule',
  imported: 'an imported model',
};

const NAMES: Readonly<Record<LinkOrigin, string>> = {
  finetuned: 'fine-tuned checkpoint',
  schedule: 'schedule checkpoint',
  imported: 'imported model',
};

export interface LinkSource {
  readonly from: LinkOrigin;
  /** Said where the link is copied. */
  readonly note: string;
}

/** What a link copied now is made from: null when its settings recreate the model on screen. */
export function linkSource(checkpoints: readonly CheckpointInfo[], anchorId: number): LinkSource | null {
  const anchor = checkpoints.find((c) => c.id === anchorId);
  if (!anchor || anchor.kind === 'dense') return null;
  const from = anchor.kind;
  return { from, note: `This link recreates the settings; ${NAMES[from]} #${anchor.id} lives in this browser: export it to share it.` };
}

/** What the page a link opened says about the link's origin. */
export function openedNote(from: LinkOrigin, restored: boolean): string {
  const seen = restored
    ? 'this browser had these settings stored, so you see its own stored checkpoints, not the link maker’s'
    : 'you see the freshly trained model with these settings';
  return `This link was made from ${WORDS[from]}; a link carries settings, not weights, so ${seen}. To share a checkpoint itself, export it (Save / share) and import the file.`;
}
