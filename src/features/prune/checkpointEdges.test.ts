// The checkpoint chart joins parents to children, not neighbours in sparsity.
import { describe, expect, it } from 'vitest';
import type { CheckpointInfo } from '../../protocol/results';
import { checkpointEdges } from './checkpointEdges';

const info = (id: number, parent: number | null, sparsity: number, accuracy: number): CheckpointInfo =>
  ({ id, parent, sparsity, accuracy, kind: id === 0 ? 'dense' : 'finetuned', label: `#${id}`, examples: 1, layers: [], sizes: {} }) as unknown as CheckpointInfo;

describe('checkpointEdges', () => {
  it('draws #0 → #1 and #0 → #2 for two fine-tunes of the dense model, not #0 → #2 → #1', () => {
    // #2 (50 %) is less sparse than #1 (90 %): ordered by sparsity the line would run #0 → #2 → #1.
    const edges = checkpointEdges([info(0, null, 0, 0.98), info(1, 0, 0.9, 0.97), info(2, 0, 0.5, 0.985)]);
    expect(edges.map((e) => e.key)).toEqual(['0-1', '0-2']);
    expect(edges[0].points.map((p) => [p.sparsity, p.accuracy])).toEqual([
      [0, 98],
      [90, 97],
    ]);
  });

  it('follows a chain and leaves checkpoints from outside unjoined', () => {
    const edges = checkpointEdges([info(0, null, 0, 0.98), info(1, 0, 0.5, 0.98), info(2, 1, 0.9, 0.97), info(3, null, 0.5, 0.9)]);
    expect(edges.map((e) => e.key)).toEqual(['0-1', '1-2']);
  });
});
