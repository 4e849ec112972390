// Two tabs on one experiment: two ExperimentStorage objects over one store (one browser
// profile). Their checkpoints never overwrite each other, each can learn what the other
// did (the change channel, also the real BroadcastChannel), and a retraining or Reset in
// one makes the other's later saves "superseded" instead of writing into a foreign history.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5 } from '../nets/lenet5';
import { snapshotWeights } from '../train/modelWeights';
import { referenceModel } from '../io/reference';
import type { ReferenceModel } from '../io/validateModel';
import { IDBFactory } from 'fake-indexeddb';
import { MemoryArtifactStore, type ArtifactStore } from './artifactStore';
import { IndexedDbArtifactStore } from './indexedDbStore';
import { ExperimentStorage, type SavedCheckpointMeta } from './experimentStorage';
import type { ChangeChannel, StorageChange } from './storageChannel';
import type { WeightSnapshot } from '../weights';
import { sameWeights } from './testWeights';

const DENSE: SavedCheckpointMeta = { kind: 'dense', sparsity: 0, accuracy: 0.5, savedAt: 1_700_000_000_000, run: null };
const tuned = (accuracy: number): SavedCheckpointMeta => ({ ...DENSE, kind: 'finetuned', sparsity: 0.8, accuracy });

let reference: ReferenceModel;
const weights: WeightSnapshot[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const seed of [1, 2, 3, 4]) {
    const model = buildLenet5(seed);
    reference = referenceModel(model, 'LeNet-5');
    weights.push(await snapshotWeights(model));
    model.dispose();
  }
});

/** An in-process channel hub: what one tab posts, every other tab hears (like BroadcastChannel). */
function hub(): () => ChangeChannel {
  const all = new Set<(c: StorageChange) => void>();
  return () => {
    const mine = new Set<(c: StorageChange) => void>();
    return {
      post: (c) => all.forEach((l) => mine.has(l) || l(c)),
      listen: (l) => {
        all.add(l);
        mine.add(l);
        return () => all.delete(l);
      },
    };
  };
}

describe('two tabs on one experiment', () => {
  // Memory: one store object; IndexedDB: one database, a connection per tab.
  const profiles: [string, () => () => ArtifactStore][] = [
    ['in memory', () => {
      const store = new MemoryArtifactStore();
      return () => store;
    }],
    ['in IndexedDB', () => {
      const factory = new IDBFactory();
      return () => new IndexedDbArtifactStore(factory);
    }],
  ];

  it.each(profiles)('%s: number their checkpoints in one sequence: nothing is overwritten, a reload restores all in order', async (_name, profile) => {
    const tab = profile();
    const [a, b] = [new ExperimentStorage(tab(), 'k', { channel: null }), new ExperimentStorage(tab(), 'k', { channel: null })];
    await a.saveCheckpoint(reference.topology, weights[0], DENSE);
    expect(await b.load(reference)).toHaveLength(1);
    // Both fine-tune at once: the ids are taken inside the atomic update.
    const saves = await Promise.all([
      a.saveCheckpoint(reference.topology, weights[1], tuned(0.61)),
      b.saveCheckpoint(reference.topology, weights[2], tuned(0.62)),
    ]);
    expect(saves.map((s) => (s.status === 'saved' ? s.id : -1)).sort()).toEqual([1, 2]);
    expect(await a.saveCheckpoint(reference.topology, weights[3], tuned(0.63))).toEqual({ status: 'saved', id: 3, checkpoints: 4 });
    expect(await b.stored()).toEqual({ checkpoints: 4, generation: expect.any(String), superseded: false });

    const back = await new ExperimentStorage(tab(), 'k', { channel: null }).load(reference);
    expect(back.map((c) => c.id)).toEqual([0, 1, 2, 3]);
    const byAccuracy = new Map(back.map((c) => [c.meta.accuracy, c.weights]));
    for (const [accuracy, w] of [[0.61, weights[1]], [0.62, weights[2]], [0.63, weights[3]]] as const) {
      expect(sameWeights(byAccuracy.get(accuracy), w)).toBe(true);
    }
  });

  it('after a retraining or a Reset in one tab, the other is told and its saves are "superseded", not stored', async () => {
    const store = new MemoryArtifactStore();
    const channel = hub();
    const [a, b] = [new ExperimentStorage(store, 'k', { channel: channel() }), new ExperimentStorage(store, 'k', { channel: channel() })];
    const heardByA: unknown[] = [];
    const heardByB: unknown[] = [];
    const stopA = a.watch((c) => heardByA.push(c));
    b.watch((c) => heardByB.push(c));
    new ExperimentStorage(store, 'other', { channel: channel() }).watch((c) => c.key !== null && heardByB.push('wrong experiment')); // Reset (key null) is for all

    await a.saveCheckpoint(reference.topology, weights[0], DENSE);
    await b.load(reference);
    await b.saveCheckpoint(reference.topology, weights[1], tuned(0.6));
    expect(heardByA).toEqual([{ key: 'k', kind: 'saved', generation: expect.any(String), checkpoints: 2, superseded: false }]);

    // B trains again: a new history replaces A's.
    await b.saveCheckpoint(reference.topology, weights[2], DENSE);
    expect(heardByA.at(-1)).toMatchObject({ kind: 'saved', checkpoints: 1, superseded: true });
    expect(await a.saveCheckpoint(reference.topology, weights[3], tuned(0.7))).toEqual({ status: 'superseded' });
    expect(await a.stored()).toMatchObject({ checkpoints: 1, superseded: true });

    // Reset in A: B hears it, and its next fine-tune is not stored into nothing.
    await a.clearAll();
    expect(heardByB.at(-1)).toEqual({ key: null, kind: 'cleared', generation: null, checkpoints: 0, superseded: true });
    expect(await b.saveCheckpoint(reference.topology, weights[3], tuned(0.7))).toEqual({ status: 'superseded' });
    expect(await store.list()).toEqual([]);
    expect(heardByB).not.toContain('wrong experiment');
    stopA();
    await b.saveCheckpoint(reference.topology, weights[0], DENSE);
    expect(heardByA.filter((c) => (c as StorageChange).kind === 'saved')).toHaveLength(2); // not heard after unsubscribing
  });

  it('announces changes on the real BroadcastChannel by default', async () => {
    if (typeof BroadcastChannel !== 'function') return;
    const store = new MemoryArtifactStore();
    const [a, b] = [new ExperimentStorage(store, 'bc-test'), new ExperimentStorage(store, 'bc-test')];
    const heard = new Promise<StorageChange & { superseded: boolean }>((resolve) => {
      const stop = b.watch((c) => {
        stop();
        resolve(c);
      });
    });
    await a.saveCheckpoint(reference.topology, weights[0], DENSE);
    expect(await heard).toMatchObject({ key: 'bc-test', kind: 'saved', checkpoints: 1, superseded: false });
  });
});
