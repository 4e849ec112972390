// Checkpoint labels say where each checkpoint came from: parent, method and epochs.
import { describe, expect, it } from 'vitest';
import { methodFor } from '../core/method';
import { checkpointLabel, methodSummary } from './checkpointLabel';

const method = methodFor(['conv1', 'fc1'], { rate: 0.5 });

describe('checkpointLabel', () => {
  it('names the parent, the method and the epochs of a fine-tune', () => {
    expect(checkpointLabel(2, 'finetuned', 0.75, undefined, { parent: 1, epochs: 1, method })).toBe('#2 fine-tuned 1 epoch from #1 · magnitude 50% per layer · 75.0% zeros');
  });

  it('names the training of the dense checkpoint and the start of a schedule', () => {
    expect(checkpointLabel(0, 'dense', 0, undefined, { parent: null, epochs: 3, method: null })).toBe('#0 dense · trained 3 epochs · 0.0% zeros');
    const iterative = { ...method, rate: 0.92, scope: 'global' as const };
    expect(checkpointLabel(3, 'schedule', 0.92, 'iterative to 92.0%', { parent: 0, epochs: 3, method: iterative })).toBe('#3 iterative to 92.0%, 3 epochs from #0 · magnitude 92% global · 92.0% zeros');
  });

  it('says when the epochs were stopped before the end', () => {
    expect(checkpointLabel(1, 'finetuned', 0.5, undefined, { parent: 0, epochs: 2, stopped: true, method })).toBe('#1 fine-tuned part of 2 epochs from #0 · magnitude 50% per layer · 50.0% zeros');
  });

  it('says only what it knows of a checkpoint from outside', () => {
    expect(checkpointLabel(1, 'imported', 0.5)).toBe('#1 imported · 50.0% zeros');
  });

  it('summarises structures and N:M patterns', () => {
    expect(methodSummary({ ...method, structure: 'channels', criterion: 'taylor', scope: 'global' })).toBe('taylor 50% global, whole channels');
    expect(methodSummary({ ...method, structure: 'nm', nm: '2:4' })).toBe('magnitude 2:4');
  });
});
