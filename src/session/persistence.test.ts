// The worker's storage path on the tiny lab: a trained model and its fine-tunes are stored
// and restored without training; "saved" is said only after the write committed, and a
// full browser says so; two tabs on one experiment never overwrite each other; Reset clears.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryArtifactStore } from '../core/persist/artifactStore';
import { ExperimentStorage } from '../core/persist/experimentStorage';
import type { ChangeChannel, StorageChange } from '../core/persist/storageChannel';
import type { StorageState } from '../protocol/results';
import { artifactsToFiles, snapshotArtifacts } from '../core/io/modelFiles';
import { referenceModel } from '../core/io/reference';
import { replaceWeights } from '../core/weights';
import type { UploadedFile } from '../protocol/calls';
import { SessionPersistence } from './persistence';
import { SessionTools } from './sessionTools';
import { lastEvent, tinyLab, tinyMethod, TINY_SPEC } from './testing/tinyLab';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** An in-process BroadcastChannel: what one tab posts, the others hear. */
function hub(): () => ChangeChannel {
  const all = new Set<(c: StorageChange) => void>();
  return () => {
    const mine = new Set<(c: StorageChange) => void>();
    return {
      post: (c) => {
        for (const l of all) if (!mine.has(l)) l(c);
      },
      listen: (l) => {
        all.add(l);
        mine.add(l);
        return () => {
          all.delete(l);
          mine.delete(l);
        };
      },
    };
  };
}

/** A lab with storage on `store` (one browser profile); each call is one tab. */
function tab(store: MemoryArtifactStore, channel: () => ChangeChannel | null = () => null) {
  const t = tinyLab(1);
  const persistence = new SessionPersistence(new ExperimentStorage(store, 'tiny', { channel: channel() }), t.lab.emit, () => t.lab);
  t.lab.sink = persistence;
  const storage = (): StorageState | undefined => lastEvent(t.events, 'storage')?.storage;
  return { ...t, persistence, storage };
}

const RUN = { epochs: 1, seed: 1 };

describe('SessionPersistence', () => {
  it('stores a finished training and its fine-tunes, and restores them without training', async () => {
    const store = new MemoryArtifactStore();
    const a = tab(store);
    expect(await a.persistence.restore(a.lab, tinyMethod())).toBeNull();
    // A stopped run is not stored.
    const stopped = a.lab.train({ epochs: 3, seed: 1, method: tinyMethod() });
    while (!a.events.some((e) => e.type === 'runProgress')) await new Promise((r) => setTimeout(r, 1));
    a.lab.stop();
    await stopped;
    expect(await store.list()).toEqual([]);
    const run = await a.lab.train({ ...RUN, method: tinyMethod() });
    // The train call answers only once the save committed.
    expect(a.storage()).toMatchObject({ status: 'saved', checkpoints: 1 });
    await a.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.8 }) });
    expect(a.storage()).toMatchObject({ status: 'saved', checkpoints: 2 });
    const tuned = lastEvent(a.events, 'checkpoints')?.list[1];

    const b = tab(store);
    const restored = await b.persistence.restore(b.lab, tinyMethod({ rate: 0.8 }));
    expect(restored?.testAccuracy).toBe(run.testAccuracy);
    expect(b.events.some((e) => e.type === 'runStart')).toBe(false);
    expect(lastEvent(b.events, 'checkpoints')?.list.map((c) => [c.kind, c.accuracy])).toEqual([
      ['dense', run.testAccuracy],
      ['finetuned', tuned?.accuracy],
    ]);
    // Labelled and joined as before the reload: how each was made, and from which checkpoint.
    const before = lastEvent(a.events, 'checkpoints')?.list.map((c) => [c.label, c.parent]);
    expect(before?.[1]?.[0]).toMatch(/^#1 fine-tuned 1 epoch from #0 · magnitude 80% /);
    expect(lastEvent(b.events, 'checkpoints')?.list.map((c) => [c.label, c.parent])).toEqual(before);
    // Shown as it was before the reload: pruning from the fine-tuned checkpoint at 80 %.
    expect(lastEvent(b.events, 'view')?.view).toMatchObject({ anchorId: 1, selected: { sparsity: 0.8 } });
    expect(b.storage()).toMatchObject({ status: 'restored', checkpoints: 2 });
    expect(await b.persistence.reset()).toMatchObject({ status: 'cleared' });
    expect(await store.list()).toEqual([]);
    a.lab.dispose();
    b.lab.dispose();
  });

  it('says plainly when the browser is full, and never claims a save that did not commit', async () => {
    const store = new MemoryArtifactStore();
    const a = tab(store);
    store.failNextWrites('quota');
    await a.lab.train({ ...RUN, method: tinyMethod() });
    expect(a.storage()).toMatchObject({ status: 'full', checkpoints: 0 });
    expect(a.storage()?.message).toMatch(/storage is full.*Export/);
    expect(await store.list()).toEqual([]);
    const b = tab(store);
    expect(await b.persistence.restore(b.lab, tinyMethod())).toBeNull();
    a.lab.dispose();
    b.lab.dispose();
  });

  it('keeps the checkpoints of two tabs on one experiment, and tells each what the other did', async () => {
    const store = new MemoryArtifactStore();
    const channel = hub();
    const a = tab(store, channel);
    await a.lab.train({ ...RUN, method: tinyMethod() });
    const b = tab(store, channel);
    await b.persistence.restore(b.lab, tinyMethod());
    a.persistence.watchOtherTabs();
    b.persistence.watchOtherTabs();
    await a.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.5 }) });
    await b.lab.finetune({ epochs: 1, seed: 3, method: tinyMethod({ rate: 0.9 }) });
    expect(b.storage()).toMatchObject({ status: 'saved', checkpoints: 3 });
    expect(a.storage()).toMatchObject({ status: 'saved', checkpoints: 3 });
    // A third tab restores every checkpoint of both.
    const c = tab(store, channel);
    await c.persistence.restore(c.lab, tinyMethod());
    expect(lastEvent(c.events, 'checkpoints')?.list.map((x) => Math.round(x.sparsity * 10) / 10)).toEqual([0, 0.5, 0.9]);
    // Retraining in A replaces the stored history: B says so instead of writing into it.
    await a.lab.train({ ...RUN, seed: 5, method: tinyMethod() });
    expect(b.storage()?.message).toMatch(/Another tab retrained or reset/);
    await b.lab.finetune({ epochs: 1, seed: 4, method: tinyMethod({ rate: 0.7 }) });
    expect(b.storage()?.status).toBe('unavailable');
    const d = tab(store, channel);
    await d.persistence.restore(d.lab, tinyMethod());
    expect(lastEvent(d.events, 'checkpoints')?.list).toHaveLength(1);
    for (const t of [a, b, c, d]) t.lab.dispose();
  });

  it('a persistence the worker replaced falls silent: the new one\'s retraining is not "another tab"', async () => {
    const store = new MemoryArtifactStore();
    const channel = hub();
    const a = tab(store, channel);
    await a.lab.train({ ...RUN, method: tinyMethod() });
    a.persistence.watchOtherTabs();
    // The same worker opens the experiment again (as an import of the same model does) and replaces A.
    const b = tab(store, channel);
    await b.persistence.restore(b.lab, tinyMethod());
    b.persistence.watchOtherTabs();
    a.persistence.stopWatching();
    const said = a.events.filter((e) => e.type === 'storage').length;
    await b.lab.train({ ...RUN, seed: 5, method: tinyMethod() });
    await b.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.5 }) });
    expect(a.events.filter((e) => e.type === 'storage')).toHaveLength(said);
    expect(b.storage()).toMatchObject({ status: 'saved', checkpoints: 2 });
    a.lab.dispose();
    b.lab.dispose();
  });

  it('stores an imported model like a trained one: a reload and a second tab restore it, and what was made from it', async () => {
    // A model made elsewhere: trained, pruned to 50 % and exported as model.json + weights.bin.
    const source = tab(new MemoryArtifactStore());
    await source.lab.train({ ...RUN, method: tinyMethod() });
    await source.lab.prune(tinyMethod({ rate: 0.5 }), true);
    const { anchor, kernels } = source.lab.requirePruning().currentWeights();
    const pruned = replaceWeights(anchor, kernels);
    const built = source.lab.buildModel();
    const { modelJson, weights } = artifactsToFiles(snapshotArtifacts(referenceModel(built, TINY_SPEC.label).topology, pruned));
    built.dispose();
    const files: UploadedFile[] = [
      { name: 'model.json', data: new TextEncoder().encode(modelJson).buffer as ArrayBuffer },
      { name: 'weights.bin', data: weights },
    ];

    // Imported into an untrained lab: stored as the start of this experiment's history.
    const store = new MemoryArtifactStore();
    const channel = hub();
    const a = tab(store, channel);
    expect(await a.persistence.restore(a.lab, tinyMethod())).toBeNull();
    const imported = await new SessionTools(a.lab).importModel(files, tinyMethod());
    expect(imported.sparsity).toBeCloseTo(0.5, 2);
    expect(a.storage()).toMatchObject({ status: 'saved', checkpoints: 1 });
    await a.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.7 }) });
    expect(a.storage()).toMatchObject({ status: 'saved', checkpoints: 2 });

    // A reload (or a second tab) restores the import as an import, and the fine-tune as made from it.
    const b = tab(store, channel);
    const restored = await b.persistence.restore(b.lab, tinyMethod());
    expect(restored).toMatchObject({ origin: 'imported', testAccuracy: imported.accuracy });
    expect(b.storage()?.message).toMatch(/Restored from this browser's storage \(2 checkpoints\), imported/);
    expect(lastEvent(b.events, 'checkpoints')?.list.map((c) => [c.kind, c.root, Math.round(c.sparsity * 10) / 10])).toEqual([
      ['imported', 0, 0.5],
      ['finetuned', 0, 0.7],
    ]);

    // An import into a trained lab joins its history, with its own lineage.
    const c = tab(store, channel);
    await c.lab.train({ ...RUN, seed: 3, method: tinyMethod() });
    await new SessionTools(c.lab).importModel(files, tinyMethod());
    await c.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.8 }) });
    await c.lab.selectAnchor(0, tinyMethod());
    await c.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.6 }) });
    expect(c.storage()).toMatchObject({ status: 'saved', checkpoints: 4 });
    const d = tab(store, channel);
    expect(await d.persistence.restore(d.lab, tinyMethod())).toMatchObject({ origin: 'trained' });
    expect(lastEvent(d.events, 'checkpoints')?.list.map((x) => [x.kind, x.root])).toEqual([
      ['dense', 0],
      ['imported', 1],
      ['finetuned', 1],
      ['finetuned', 0],
    ]);
    for (const t of [source, a, b, c, d]) t.lab.dispose();
  });

  it('never stores a fine-tune of a model that is not the stored one (a stopped retraining) into the stored history', async () => {
    const store = new MemoryArtifactStore();
    const a = tab(store);
    await a.lab.train({ ...RUN, method: tinyMethod() });
    const before = a.events.length;
    const stopped = a.lab.train({ epochs: 3, seed: 9, method: tinyMethod() });
    while (!a.events.slice(before).some((e) => e.type === 'runProgress')) await new Promise((r) => setTimeout(r, 1));
    a.lab.stop();
    await stopped;
    await a.lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.5 }) });
    expect(a.storage()?.message).toMatch(/#1 fine-tuned .* is not stored: the model it was made from is not/);
    const b = tab(store);
    await b.persistence.restore(b.lab, tinyMethod());
    expect(lastEvent(b.events, 'checkpoints')?.list.map((c) => c.kind)).toEqual(['dense']);
    a.lab.dispose();
    b.lab.dispose();
  });
});

