// What reading an experiment's storage yields: the checkpoints it can restore, the records it
// could not read (kept aside, never deleted silently), and what Reset would delete.

import type { WeightSnapshot } from '../weights';
import type { SavedCheckpointMeta } from './checkpointMeta';

export interface SavedCheckpoint {
  /** Its place in the stored history (0 = the dense model; ids of several tabs interleave). */
  readonly id: number;
  readonly meta: SavedCheckpointMeta;
  readonly weights: WeightSnapshot;
}

/** A stored record that could not be restored, kept aside instead (its stored id, and why). */
export interface KeptAside {
  readonly id: number;
  readonly problem: string;
}

/** What a restore found: the checkpoints it can restore, in id order, and what it kept aside. */
export interface StoredHistory {
  readonly checkpoints: SavedCheckpoint[];
  readonly keptAside: readonly KeptAside[];
}

/** Every PruneLab record in this browser (what Reset deletes): how many, kept aside, of this experiment. */
export interface StorageInventory {
  readonly entries: number;
  readonly keptAside: number;
  readonly thisExperiment: number;
}
