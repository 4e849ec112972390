import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5 } from '../models/lenet5';
import { snapshotWeights } from '../prune/apply';
import { referenceModel } from '../io/reference';
import type { ReferenceModel } from '../io/validateModel';
import { MemoryArtifactStore } from './artifactStore';
import { ExperimentStorage, experimentKey, MAX_STORED_CHECKPOINTS, type SavedCheckpointMeta } from './experimentStorage';
import type { WeightSnapshot } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const PARTS = { model: 'lenet5', train: 512, test: 256, epochs: 1, seed: 1, dataVersion: 2 };
const DENSE: SavedCheckpointMeta = { kind: 'dense', sparsity: 0, accuracy: 0.5, savedAt: 1_700_000_000_000, run: { seconds: 3, imagesPerSec: 170, epochAccuracies: [0.5] } };

async function lenet(seed: number): Promise<{ reference: ReferenceModel; weights: WeightSnapshot }> {
  const model = buildLenet5(seed);
  const out = { reference: referenceModel(model, 'LeNet-5 · MNIST'), weights: await snapshotWeights(model) };
  model.dispose();
  return out;
}

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
    const tuned = await lenet(2);
    const store = new MemoryArtifactStore();
    const storage = new ExperimentStorage(store, experimentKey(PARTS));
    expect(await storage.load(reference)).toEqual([]);
    await storage.save(0, reference.topology, weights, DENSE);
    await storage.save(1, reference.topology, tuned.weights, { ...DENSE, kind: 'finetuned', sparsity: 0.9, accuracy: 0.6, run: null });
    const back = await new ExperimentStorage(store, experimentKey(PARTS)).load(reference);
    expect(back.map((c) => c.meta)).toEqual([DENSE, { ...DENSE, kind: 'finetuned', sparsity: 0.9, accuracy: 0.6, run: null }]);
    back[0].weights.values.forEach((v, i) => expect(v).toEqual(weights.values[i]));
    back[1].weights.values.forEach((v, i) => expect(v).toEqual(tuned.weights.values[i]));
    // Another experiment sees nothing; a new training (checkpoint 0) replaces the old history.
    expect(await new ExperimentStorage(store, experimentKey({ ...PARTS, seed: 2 })).load(reference)).toEqual([]);
    await storage.save(0, reference.topology, tuned.weights, DENSE);
    expect(await storage.load(reference)).toHaveLength(1);
    expect(await storage.save(MAX_STORED_CHECKPOINTS, reference.topology, weights, DENSE)).toBe(false);
  });

  it('stored artifacts load in TensorFlow.js itself (tf.io.fromMemory) with the same predictions', async () => {
    const model = buildLenet5(4);
    const reference = referenceModel(model, 'LeNet-5');
    const store = new MemoryArtifactStore();
    const storage = new ExperimentStorage(store, 'k');
    await storage.save(0, reference.topology, await snapshotWeights(model), DENSE);
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

  it('drops a corrupt or foreign entry instead of restoring it, and clearAll removes every PruneLab entry', async () => {
    const { reference, weights } = await lenet(1);
    const store = new MemoryArtifactStore();
    const storage = new ExperimentStorage(store, experimentKey(PARTS));
    await storage.save(0, reference.topology, weights, DENSE);
    const a = await store.load(storage.entryName(0));
    if (!a) throw new Error('not stored');
    await store.save(storage.entryName(0), { ...a, weightData: a.weightData.slice(0, 100) });
    expect(await storage.load(reference)).toEqual([]);
    expect(await store.list()).toEqual([]); // the unusable experiment was removed

    await storage.save(0, reference.topology, weights, DENSE);
    await store.save(storage.entryName(1), { ...a, userDefinedMetadata: { prunelab: { kind: 'dense' } } });
    expect(await storage.load(reference)).toHaveLength(1); // a bad fine-tuned entry ends the list
    await store.save(storage.entryName(0), { ...a, userDefinedMetadata: undefined });
    expect(await storage.load(reference)).toEqual([]);

    await storage.save(0, reference.topology, weights, DENSE);
    await store.save('someone-else', a);
    expect(await storage.clearAll()).toBe(1);
    expect(await store.list()).toEqual(['someone-else']);
  });
});
