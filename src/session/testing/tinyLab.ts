// Test-only: a LabSession on the tiny synthetic net and data of core/testing, so the
// session's behaviour (locking, slider, checkpoints, fine-tuning) is tested in seconds.

import { methodFor, type PruneMethod } from '../../core/method';
import { MODEL_INFO } from '../../core/models/catalog';
import type { ModelSpec } from '../../core/nets/registry';
import { syntheticSet, tinyNet, TINY_PRUNABLE } from '../../core/testing/fixtures';
import { imageBatchSource } from '../../core/train/batchSource';
import { softmaxTask } from '../../core/train/task';
import type { LabEvent } from '../../protocol/events';
import { LabSession } from '../labSession';

export const TINY_SPEC: ModelSpec = {
  ...MODEL_INFO.lenet5,
  prunableLayers: TINY_PRUNABLE,
  defaultInclude: TINY_PRUNABLE,
  defaults: { epochs: 1, batchSize: 16, optimizer: 'sgd-momentum', learningRate: 0.05, momentum: 0.5 },
  build: (seed) => tinyNet(seed),
  task: softmaxTask(10),
};

export function tinyMethod(patch: Partial<PruneMethod> = {}): PruneMethod {
  return methodFor(TINY_PRUNABLE, patch);
}

/** A lab on 64 synthetic training and 32 test images; `events` collects what it emits. */
export function tinyLab(seed = 1): { lab: LabSession; events: LabEvent[] } {
  const events: LabEvent[] = [];
  const test = imageBatchSource(syntheticSet(32, seed + 1));
  const lab = LabSession.withData(
    TINY_SPEC,
    { name: 'tiny', train: imageBatchSource(syntheticSet(64, seed)), test, estimate: imageBatchSource(syntheticSet(8, seed + 1)), inputSize: 784, fullTrain: 64, fullTest: 32, vocab: null },
    (e) => events.push(e),
  );
  return { lab, events };
}

/** The last event of `type`. */
export function lastEvent<T extends LabEvent['type']>(events: readonly LabEvent[], type: T): Extract<LabEvent, { type: T }> | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i].type === type) return events[i] as Extract<LabEvent, { type: T }>;
  return undefined;
}
