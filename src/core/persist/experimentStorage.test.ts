import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5 } from '../nets/lenet5';
import { snapshotWeights } from '../train/modelWeights';
import { referenceModel } from '../io/reference';
import type { ReferenceModel } from '../io/validateModel';
import { snapshotArtifacts } from '../io/modelFiles';
import { MemoryArtifactStore } from './artifactStore';
import { ENTRY_PREFIX, ExperimentStorage, experimentKey, MAX_STORED_CHECKPOINTS, type SavedCheckpointMeta } from './experimentStorage';
import type { WeightSnapshot } from '../weights';
import { sameWeights } from './testWeights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const PARTS = { model: 'lenet5', train: 512, test: 256, epochs: 1, seed: 1, dataVersion: 2 };
const KEY = experimentKey(PARTS);
const DENSE: SavedCheckpointMeta = { kind: 'dense', sparsity: 0, accuracy: 0.5, savedAt: 1_700_000_000_000, run: { seconds: 3, imagesPerSec: 170, epochAccuracies: [0.5] } };
const tuned = (accuracy: number): SavedCheckpointMeta => ({ ...DENSE, kind: 'finetuned', sparsity: 0.9, accuracy, run: null });

async function lenet(seed: number): Promise<{ reference: ReferenceModel; weights: WeightSnapshot }> {
  const model = buildLenet5(seed);
  const out = { reference: referenceModel(model, 'LeNet-5 · MNIST'), weights: await snapshotWeights(model) };
  model.dispose();
  return out;
}

/** A storage without cross-tab announcements (the channel has its own test in storageTabs.test.ts). */
const open = (store: MemoryArtifactStore, key = KEY) => new ExperimentStorage(store, key, { channel: null });

describe('experimentKey', () => {
  it('differs whenever anything that determines the trained weights differs', () => {
    const keys = new Set([
      experimentKey(PARTS),
      ...(['train', 'test', 'epochs', 'seed', 'dataVersion'] as const).map((k) => experimentKey({ ...PARTS, [k]: PARTS[k] + 1 })),
      experimentKey({ ...PARTS, model: 'imdb' }),
    ]);
    expect(keys.size).toBe(7);
    expect(experimentKey(PARTS)).toBe(experimentKey({ ...PARTS }));
  });
});

describe('ExperimentStorage', () => {
  it('restores exactly the weights and summaries it saved, checkpoints in order', async () => {
    const { reference, weights } = await lenet(1);
    const other = await lenet(2);
    const store = new MemoryArtifactStore();
    const storage = open(store);
    expect(await storage.load(reference)).toEqual([]);
    expect(await storage.saveCheckpoint(reference.topology, weights, DENSE)).toEqual({ status: 'saved', id: 0, checkpoints: 1 });
    expect(await storage.saveCheckpoint(reference.topology, other.weights, tuned(0.6))).toEqual({ status: 'saved', id: 1, checkpoints: 2 });
    const back = await open(store).load(reference);
    expect(back.map((c) => [c.id, c.meta])).toEqual([[0, DENSE], [1, tuned(0.6)]]);
    expect(sameWeights(back[0].weights, weights)).toBe(true);
    expect(sameWeights(back[1].weights, other.weights)).toBe(true);
    // Another experiment sees nothing; a new training replaces the old history.
    expect(await open(store, experimentKey({ ...PARTS, seed: 2 })).load(reference)).toEqual([]);
    await storage.saveCheckpoint(reference.topology, other.weights, DENSE);
    expect(await storage.load(reference)).toHaveLength(1);
    expect(await store.list()).toHaveLength(1);
  });

  it('stored artifacts load in TensorFlow.js itself (tf.io.fromMemory) with the same predictions', async () => {
    const model = buildLenet5(4);
    const reference = referenceModel(model, 'LeNet-5');
    const store = new MemoryArtifactStore();
    const storage = new ExperimentStorage(store, 'k', { channel: null });
    await storage.saveCheckpoint(reference.topology, await snapshotWeights(model), DENSE);
    const a = await store.load(storage.entryName(0));
    if (!a) throw new Error('not stored');
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs.map((w) => ({ ...w, shape: [...w.shape] })), weightData: a.weightData }),
    );
    const x = tf.randomNormal([1, 28, 28, 1], 0, 1, 'float32', 9);
    const [p, q] = [model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor];
    expect(Array.from(await q.data())).toEqual(Array.from(await p.data()));
    tf.dispose([x, p, q]);
    model.dispose();
    loaded.dispose();
  });

  it('keeps corrupt or foreign entries aside instead of restoring or deleting them, restores the rest, and clearAll removes every PruneLab entry', async () => {
    const { reference, weights } = await lenet(1);
    const store = new MemoryArtifactStore();
    const storage = open(store);
    await storage.saveCheckpoint(reference.topology, weights, DENSE);
    const a = await store.load(storage.entryName(0));
    if (!a) throw new Error('not stored');
    await store.save(storage.entryName(0), { ...a, weightData: a.weightData.slice(0, 100) });
    expect(await storage.restore(reference)).toMatchObject({ checkpoints: [], keptAside: [{ id: 0 }] });
    expect(await store.list()).toEqual([expect.stringMatching(/kept-aside-.*-g[0-9a-z]+-c0$/)]); // moved aside, not removed

    await storage.saveCheckpoint(reference.topology, weights, DENSE);
    await storage.saveCheckpoint(reference.topology, weights, tuned(0.6));
    await store.save(storage.entryName(2), { ...a, userDefinedMetadata: { prunelab: { kind: 'dense' } } });
    await storage.saveCheckpoint(reference.topology, weights, tuned(0.7));
    // The bad entry 2 is kept aside; 1 and 3 are restored in order.
    const back = await storage.restore(reference);
    expect(back.checkpoints.map((c) => [c.id, c.meta.accuracy])).toEqual([[0, 0.5], [1, 0.6], [3, 0.7]]);
    expect(back.keptAside).toEqual([
      { id: 2, problem: expect.stringMatching(/summary .* malformed/) },
      { id: 0, problem: expect.stringMatching(/kept aside by an earlier load/) },
    ]);
    expect(await store.list()).not.toContain(storage.entryName(2));
    expect(await storage.inventory()).toEqual({ entries: 5, keptAside: 2, thisExperiment: 3 });

    await storage.saveCheckpoint(reference.topology, weights, DENSE);
    await store.save('someone-else', a);
    expect(await storage.clearAll()).toBe(3); // the dense model and both kept aside
    expect(await store.list()).toEqual(['someone-else']);
  });

  it('keeps a fine-tune whose weight data lost 4 bytes aside, and with an unreadable dense model keeps its valid fine-tunes too', async () => {
    const { reference, weights } = await lenet(1);
    const store = new MemoryArtifactStore();
    const storage = open(store);
    await storage.saveCheckpoint(reference.topology, weights, DENSE);
    await storage.saveCheckpoint(reference.topology, weights, tuned(0.6));
    await storage.saveCheckpoint(reference.topology, weights, tuned(0.7));
    const cut = async (index: number) => {
      const a = await store.load(storage.entryName(index));
      if (!a) throw new Error('not stored');
      await store.save(storage.entryName(index), { ...a, weightData: a.weightData.slice(0, a.weightData.byteLength - 4) });
    };
    await cut(1);
    const back = await open(store).restore(reference);
    expect(back.checkpoints.map((c) => c.id)).toEqual([0, 2]);
    expect(back.keptAside).toEqual([{ id: 1, problem: expect.stringMatching(/\S/) }]);
    expect(await store.list()).toHaveLength(3); // nothing deleted

    // The dense record cut short: nothing can be restored, and nothing is deleted, the readable fine-tune included.
    await cut(0);
    const dense = await open(store).restore(reference);
    expect(dense.checkpoints).toEqual([]);
    expect(dense.keptAside.map((k) => k.id)).toEqual([0, 2, 1]);
    expect(dense.keptAside[1].problem).toMatch(/the model it was made from could not be read/);
    expect(dense.keptAside[2].problem).toMatch(/kept aside by an earlier load/);
    const names = await store.list();
    expect(names).toHaveLength(3);
    expect(names.every((n) => n.includes('kept-aside-'))).toBe(true);
    // A new training starts a new history beside them: still nothing deleted.
    await storage.saveCheckpoint(reference.topology, weights, DENSE);
    expect(await store.list()).toHaveLength(4);
    const later = await open(store).restore(reference);
    expect(later.checkpoints.map((c) => c.id)).toEqual([0]);
    expect(later.keptAside.map((k) => k.id).sort()).toEqual([0, 1, 2]); // still named, until Reset
  });

  it('restores entries written before generations existed, and fine-tunes join them', async () => {
    const { reference, weights } = await lenet(1);
    const store = new MemoryArtifactStore();
    await store.save(`${ENTRY_PREFIX}${KEY}-c0`, snapshotArtifacts(reference.topology, weights, { prunelab: DENSE }));
    await store.save(`${ENTRY_PREFIX}${KEY}-c1`, snapshotArtifacts(reference.topology, weights, { prunelab: tuned(0.6) }));
    const storage = open(store);
    expect((await storage.load(reference)).map((c) => c.id)).toEqual([0, 1]);
    expect(await storage.saveCheckpoint(reference.topology, weights, tuned(0.7))).toEqual({ status: 'saved', id: 2, checkpoints: 3 });
    expect(await store.list()).toContain(`${ENTRY_PREFIX}${KEY}-c2`);
  });

  it('stops at MAX_STORED_CHECKPOINTS and says so', async () => {
    const { reference, weights } = await lenet(1);
    const storage = open(new MemoryArtifactStore());
    await storage.saveCheckpoint(reference.topology, weights, DENSE);
    for (let i = 1; i < MAX_STORED_CHECKPOINTS; i++) await storage.saveCheckpoint(reference.topology, weights, tuned(i / 100));
    expect(await storage.saveCheckpoint(reference.topology, weights, tuned(0.99))).toEqual({ status: 'limit', checkpoints: MAX_STORED_CHECKPOINTS });
    expect((await storage.stored()).checkpoints).toBe(MAX_STORED_CHECKPOINTS);
  });
});

describe('ExperimentStorage when the browser refuses the write', () => {
  it('reports a quota error or an aborted commit as "full", stores nothing, and never says saved', async () => {
    const { reference, weights } = await lenet(1);
    const store = new MemoryArtifactStore();
    const storage = open(store);
    store.failNextWrites('quota');
    const full = await storage.saveCheckpoint(reference.topology, weights, DENSE);
    expect(full).toMatchObject({ status: 'full', message: expect.stringContaining('QuotaExceededError') });
    expect(await store.list()).toEqual([]);
    expect(await storage.load(reference)).toEqual([]);

    await storage.saveCheckpoint(reference.topology, weights, DENSE);
    store.failNextWrites('abort');
    expect(await storage.saveCheckpoint(reference.topology, weights, tuned(0.6))).toMatchObject({ status: 'full' });
    expect(await storage.stored()).toMatchObject({ checkpoints: 1, superseded: false });
    // After the failure, saving works again and counts what is really stored.
    expect(await storage.saveCheckpoint(reference.topology, weights, tuned(0.6))).toEqual({ status: 'saved', id: 1, checkpoints: 2 });
  });
});
