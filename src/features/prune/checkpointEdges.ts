// The checkpoints' family tree as chart segments: each checkpoint is joined to the one it was
// made from (a fine-tune to its anchor, a schedule to where it started), never to its
// neighbour in sparsity, so the chart draws no lineage that does not exist.

import type { CheckpointInfo } from '../../protocol/results';

export interface CheckpointPoint {
  readonly id: number;
  readonly sparsity: number;
  readonly accuracy: number;
  readonly label: string;
}

export interface CheckpointEdge {
  readonly key: string;
  /** Parent first, then child. */
  readonly points: readonly [CheckpointPoint, CheckpointPoint];
}

/** One segment per checkpoint that has a known parent among `checkpoints` (values in percent). */
export function checkpointEdges(checkpoints: readonly CheckpointInfo[]): CheckpointEdge[] {
  const pct = (v: number) => Math.round(v * 1000) / 10;
  const point = (c: CheckpointInfo): CheckpointPoint => ({ id: c.id, sparsity: pct(c.sparsity), accuracy: pct(c.accuracy), label: c.label });
  const byId = new Map(checkpoints.map((c) => [c.id, c]));
  const edges: CheckpointEdge[] = [];
  for (const c of checkpoints) {
    const parent = c.parent === null ? undefined : byId.get(c.parent);
    if (parent) edges.push({ key: `${parent.id}-${c.id}`, points: [point(parent), point(c)] });
  }
  return edges;
}
