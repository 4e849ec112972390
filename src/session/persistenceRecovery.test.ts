// Storage that recovers and never deletes silently, on the tiny lab: a save the browser had
// no room for is written again (dense model first) once there is room, and the stale "full"
// message goes; unreadable records are kept aside and named, the rest restored; a stopped
// fine-tune is stored like any checkpoint, labelled with the epoch it stopped at.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryArtifactStore } from '../core/persist/artifactStore';
import { ExperimentStorage } from '../core/persist/experimentStorage';
import type { StorageState } from '../protocol/results';
import { SessionPersistence } from './persistence';
import { lastEvent, tinyLab, tinyMethod } from './testing/tinyLab';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tab(store: MemoryArtifactStore) {
  const t = tinyLab(1);
  const persistence = new SessionPersistence(new ExperimentStorage(store, 'tiny', { channel: null }), t.lab.emit, () => t.lab);
  t.lab.sink = persistence;
  const storage = (): StorageState | undefined => lastEvent(t.events, 'storage')?.storage;
  const labels = () => lastEvent(t.events, 'checkpoints')?.list.map((c) => c.label) ?? [];
  return { ...t, persistence, storage, labels };
}

/** Cuts the last 4 bytes off the weight data of stored checkpoint `index` (of the one stored history). */
async function cutShort(store: MemoryArtifactStore, index: number): Promise<void> {
  const name = (await store.list()).find((n) => n.endsWith(`-c${index}`) && !n.includes('kept-aside'));
  const a = name ? await store.load(name) : null;
  if (!name || !a) throw new Error(`no checkpoint ${index} stored`);
  await store.save(name, { ...a, weightData: a.weightData.slice(0, a.weightData.byteLength - 4) });
}

const RUN = { epochs: 1, seed: 1 };

describe('SessionPersistence when storage fails and recovers', () => {
  it('writes the dense model again once there is room, then what was made after it, and the "full" message goes', async () => {
    const store = new MemoryArtifactStore();
    const a = tab(store);
    store.failNextWrites('quota', 2);
    await a.lab.train({ ...RUN, method: tinyMethod() });
    expect(a.storage()).toMatchObject({ status: 'full', checkpoints: 0 });
    expect(a.storage()?.message).toMatch(/storage is full, so #0 .* was not saved/);
    // Still full at the first fine-tune: the dense model is tried first, and both wait.
    await a.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.5 }) });
    expect(a.storage()).toMatchObject({ status: 'full', checkpoints: 0 });
    expect(a.storage()?.message).toMatch(/#0 .* was not saved \(nor the 1 made after it\)/);
    expect(await store.list()).toEqual([]);
    // Room again: the dense model, the waiting fine-tune and the new one are stored, in order.
    await a.lab.finetune({ epochs: 1, seed: 3, method: tinyMethod({ rate: 0.8 }) });
    expect(a.storage()).toMatchObject({ status: 'saved', checkpoints: 3 });
    expect(a.storage()?.message).not.toMatch(/full/);

    const b = tab(store);
    expect(await b.persistence.restore(b.lab, tinyMethod())).not.toBeNull();
    expect(b.labels()).toEqual(a.labels());
    a.lab.dispose();
    b.lab.dispose();
  });

  it('keeps an unreadable record aside and names it, restores the rest, and a corrupt dense record loses nothing', async () => {
    const store = new MemoryArtifactStore();
    const a = tab(store);
    await a.lab.train({ ...RUN, method: tinyMethod() });
    await a.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.5 }) });
    await a.lab.finetune({ epochs: 1, seed: 3, method: tinyMethod({ rate: 0.8 }) });
    await cutShort(store, 1);

    const b = tab(store);
    expect(await b.persistence.restore(b.lab, tinyMethod())).not.toBeNull();
    expect(lastEvent(b.events, 'checkpoints')?.list).toHaveLength(2);
    expect(b.storage()?.unrestored).toMatch(/^1 stored checkpoint could not be restored: #1 \(.+\)\. Kept aside in this browser, not deleted/);
    expect(await store.list()).toHaveLength(3);

    // The dense record cut short: nothing is restored, nothing deleted, and the page is told so.
    await cutShort(store, 0);
    const c = tab(store);
    expect(await c.persistence.restore(c.lab, tinyMethod())).toBeNull();
    expect(c.storage()).toMatchObject({ status: 'none', message: expect.stringMatching(/Nothing could be restored .* press Train/) });
    expect(c.storage()?.unrestored).toMatch(/^3 stored checkpoints could not be restored: #0 /);
    expect(await store.list()).toHaveLength(3);
    // Training anew keeps them aside (still named) until Reset, which deletes them.
    await c.lab.train({ ...RUN, method: tinyMethod() });
    expect(c.storage()).toMatchObject({ status: 'saved', unrestored: expect.stringMatching(/could not be restored/) });
    expect(await c.persistence.inventory()).toEqual({ entries: 4, keptAside: 3, thisExperiment: 1 });
    expect(await c.persistence.reset()).toMatchObject({ status: 'cleared', message: 'Removed 4 saved models from this browser.' });
    expect(c.storage()?.unrestored).toBeUndefined();
    for (const t of [a, b, c]) t.lab.dispose();
  });

  it('stores a stopped fine-tune, labelled with the epoch it stopped at, and restores it as such', async () => {
    const store = new MemoryArtifactStore();
    const a = tab(store);
    await a.lab.train({ ...RUN, method: tinyMethod() });
    const before = a.events.length;
    const run = a.lab.finetune({ epochs: 3, seed: 2, method: tinyMethod({ rate: 0.5 }) });
    while (!a.events.slice(before).some((e) => e.type === 'runProgress')) await new Promise((r) => setTimeout(r, 1));
    a.lab.stop();
    expect(await run).toMatchObject({ stopped: true });
    expect(a.labels()[1]).toMatch(/^#1 fine-tuned stopped at epoch [123]\/3 from #0 · magnitude 50% /);
    expect(a.storage()).toMatchObject({ status: 'saved', checkpoints: 2 });
    const b = tab(store);
    await b.persistence.restore(b.lab, tinyMethod());
    expect(b.labels()).toEqual(a.labels());
    a.lab.dispose();
    b.lab.dispose();
  });
});
