// The lab session's outlet for committed checkpoints: browser storage implements it, tests
// record into it. Kept apart so the session and the persistence code share one definition.
import type { WeightSnapshot } from '../core/weights';
import type { CheckpointInfo } from '../protocol/results';
import type { CheckpointOrigin } from './checkpointLabel';
import type { RunOutcome } from './runs';

/** Where committed checkpoints go (browser storage); each save resolves once it is stored. */
export interface CheckpointSink {
  /** `origin` and `name` say how it was made, so a restored checkpoint is labelled as before. */
  saved(info: CheckpointInfo, weights: WeightSnapshot, run: RunOutcome | null, origin?: CheckpointOrigin, name?: string): Promise<void>;
}
