// What a copied link says it was made from: nothing for a trained model (its settings
// recreate it), the checkpoint's kind and number for one they cannot.
import { describe, expect, it } from 'vitest';
import type { CheckpointInfo } from '../protocol/results';
import { linkSource, openedNote } from './linkOrigin';

const checkpoint = (id: number, kind: CheckpointInfo['kind']) => ({ id, kind, root: 0 }) as CheckpointInfo;

describe('linkSource', () => {
  const list = [checkpoint(0, 'dense'), checkpoint(1, 'finetuned'), checkpoint(2, 'imported'), checkpoint(3, 'schedule')];

  it('marks a link made from a checkpoint its settings cannot recreate', () => {
    expect(linkSource(list, 0)).toBeNull();
    expect(linkSource([], 0)).toBeNull();
    expect(linkSource(list, 1)).toEqual({ from: 'finetuned', note: 'This link recreates the settings; fine-tuned checkpoint #1 lives in this browser: export it to share it.' });
    expect(linkSource(list, 2)?.from).toBe('imported');
    expect(linkSource(list, 3)?.note).toContain('schedule checkpoint #3 lives in this browser');
  });

  it('says on the opened page what the link was made from and what is shown instead', () => {
    expect(openedNote('finetuned', false)).toMatch(/^This link was made from a fine-tuned checkpoint; .* you see the freshly trained model with these settings\./);
    expect(openedNote('imported', true)).toContain('you see its own stored checkpoints');
  });
});
