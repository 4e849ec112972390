// The real worker code path on real MNIST (a few hundred examples, wasm backend): train →
// stored; a new session restores it without training; fine-tuned checkpoints are stored
// and restored; export → import gives identical test accuracy; Reset empties storage.
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackendForTest } from '../core/backend/testWasmSetup';
import type { LabEvent } from '../protocol/events';
import { LabSession } from './labSession';
import { SessionTools } from './sessionTools';
import { MemoryArtifactStore } from '../core/persist/artifactStore';
import { ExperimentStorage } from '../core/persist/experimentStorage';
import { SessionPersistence } from './persistence';

const DATA_URL = pathToFileURL(fileURLToPath(new URL('../../public/data/', import.meta.url))).href;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));

beforeAll(async () => {
  await useBackendForTest('wasm');
});

interface Lab {
  readonly session: LabSession;
  readonly persistence: SessionPersistence;
  readonly events: LabEvent[];
  readonly of: <T extends LabEvent['type']>(type: T) => Extract<LabEvent, { type: T }>[];
}

async function openLab(store: MemoryArtifactStore, test = 200): Promise<Lab> {
  const events: LabEvent[] = [];
  let persistence: SessionPersistence | null = null;
  const emit = (e: LabEvent) => {
    persistence?.observe(e);
    events.push(e);
  };
  const session = await LabSession.create({ model: 'lenet5', dataUrl: DATA_URL, train: 192, test, fetcher }, emit);
  persistence = new SessionPersistence(new ExperimentStorage(store, 'lenet5-test'), emit, () => session);
  const of = <T extends LabEvent['type']>(type: T) => events.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type);
  return { session, persistence, events, of };
}

/** Waits until `n` checkpoints were stored (saves run after the commit, asynchronously). */
async function stored(lab: Lab, n: number): Promise<void> {
  for (let i = 0; i < 200 && lab.of('storage').filter((e) => e.status === 'saved').length < n; i++) {
    await new Promise((r) => setTimeout(r, 25));
  }
  expect(lab.of('storage').filter((e) => e.status === 'saved')).toHaveLength(n);
}

describe('SessionPersistence on real MNIST', () => {
  it('stores, restores without training, keeps fine-tuned checkpoints, and Reset clears', async () => {
    const store = new MemoryArtifactStore();
    const first = await openLab(store);
    expect(await first.persistence.restore(first.session)).toBe(false);
    expect(first.of('storage').at(-1)?.status).toBe('none');

    // A stopped run is not stored.
    const stoppedRun = first.session.train({ epochs: 1, seed: 1 });
    first.session.stop();
    await stoppedRun;
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.list()).toEqual([]);

    await first.session.train({ epochs: 1, seed: 1 });
    await stored(first, 1);
    const trained = first.of('trainDone').at(-1);
    if (!trained) throw new Error('no training');

    const second = await openLab(store);
    expect(await second.persistence.restore(second.session)).toBe(true);
    expect(second.of('trainStart')).toEqual([]);
    expect(second.of('restored')[0].testAccuracy).toBe(trained.testAccuracy);
    expect(second.of('checkpoint')[0].checkpoint.accuracy).toBe(trained.testAccuracy);
    const w1 = first.session.pruningSession?.checkpoint(0)?.weights;
    const w2 = second.session.pruningSession?.checkpoint(0)?.weights;
    w2?.values.forEach((v, i) => expect(v).toEqual(w1?.values[i]));
    // The restored model measures exactly as the trained one did.
    second.session.previewPrune(1, { rate: 0, scope: 'layer', include: ['conv1', 'conv2', 'fc1', 'fc2'], cap: null });
    await second.session.measurePrune(1, true);
    expect(second.of('pruneAccuracy').at(-1)?.accuracy).toBe(trained.testAccuracy);

    second.session.previewPrune(2, { rate: 0.8, scope: 'layer', include: ['conv1', 'conv2', 'fc1', 'fc2'], cap: null });
    await second.session.finetune({ epochs: 1, seed: 2 });
    await stored(second, 1);
    const tuned = second.of('checkpoint').at(-1)?.checkpoint;

    const third = await openLab(store);
    expect(await third.persistence.restore(third.session)).toBe(true);
    expect(third.of('checkpoint').map((c) => [c.checkpoint.kind, c.checkpoint.accuracy])).toEqual([
      ['dense', trained.testAccuracy],
      ['finetuned', tuned?.accuracy],
    ]);
    expect(third.of('storage').at(-1)).toMatchObject({ status: 'restored', checkpoints: 2 });

    await third.persistence.reset();
    expect(await store.list()).toEqual([]);
    expect(third.of('storage').at(-1)?.status).toBe('cleared');
    for (const lab of [first, second, third]) lab.session.dispose();
  });

  it('export → import into an untrained lab gives the identical test accuracy, leaking no tensors', async () => {
    const store = new MemoryArtifactStore();
    const source = await openLab(store, 500);
    await source.session.train({ epochs: 1, seed: 3 });
    source.session.previewPrune(1, { rate: 0.9, scope: 'global', include: ['conv1', 'conv2', 'fc1', 'fc2'], cap: null });
    await source.session.measurePrune(1, true);
    const measured = source.of('pruneAccuracy').at(-1);
    const tools = new SessionTools(source.session, (e) => source.events.push(e));
    await tools.exportModel(); // warm-up: builds the inspection copies
    const before = tf.memory().numTensors;
    await tools.exportModel();
    expect(tf.memory().numTensors).toBe(before);
    const exported = source.of('exported').at(-1);
    if (!exported || !measured) throw new Error('no export');
    expect(exported.accuracy).toBe(measured.accuracy);
    expect(exported.sparsity).toBeCloseTo(0.9, 4);

    const target = await openLab(store, 500);
    const importer = new SessionTools(target.session, (e) => target.events.push(e));
    await importer.importModel([{ name: exported.fileName, data: exported.data }]);
    const imported = target.of('imported')[0];
    expect(imported.accuracy).toBe(exported.accuracy);
    expect(imported.sparsity).toBe(exported.sparsity);
    expect(target.of('checkpoint')[0].checkpoint).toMatchObject({ id: 0, kind: 'imported', accuracy: exported.accuracy });
    // A corrupt upload is rejected and leaves the imported model as it was.
    await expect(importer.importModel([{ name: 'model.json', data: new TextEncoder().encode('{}').buffer }])).rejects.toThrow(/modelTopology/);
    expect(target.session.pruningSession?.checkpoint(0)?.info.kind).toBe('imported');
    for (const t of [tools, importer]) t.dispose();
    for (const lab of [source, target]) lab.session.dispose();
  });
});
