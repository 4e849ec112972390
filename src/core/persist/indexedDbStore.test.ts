// The IndexedDB store on fake-indexeddb (a spec-following IndexedDB in memory): records in
// TensorFlow.js's layout, a save that resolves only after its transaction commits (an abort
// after the put succeeded is a failure, "full"), a quota error named as such, a listing
// that shows only entries whose data is stored, and atomic updates across connections.
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { ModelArtifactsLike } from '../io/modelFiles';
import { IndexedDbArtifactStore } from './indexedDbStore';

const artifacts = (value: number, meta?: Record<string, unknown>): ModelArtifactsLike => ({
  modelTopology: { class_name: 'Sequential', config: { layers: [] } },
  format: 'layers-model',
  generatedBy: 'PruneLab',
  weightSpecs: [{ name: 'fc/kernel', shape: [2, 2], dtype: 'float32' }],
  weightData: Float32Array.of(value, 2, 3, 4).buffer,
  ...(meta ? { userDefinedMetadata: meta } : {}),
});

/** Reads every record of one of tfjs's stores directly. */
function rawRecords(factory: IDBFactory, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = factory.open('tensorflowjs', 1);
    open.onsuccess = () => {
      const get = open.result.transaction(store, 'readonly').objectStore(store).getAll();
      get.onsuccess = () => {
        open.result.close();
        resolve(get.result);
      };
      get.onerror = () => reject(get.error);
    };
    open.onerror = () => reject(open.error);
  });
}

const realPut = IDBObjectStore.prototype.put;

/** Makes every transaction fail after its put requests succeeded, as a full disk does at commit. */
function failAfterPut(fail: (tx: IDBTransaction) => void): void {
  IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
    const request = realPut.call(this, value, key);
    request.addEventListener('success', () => {
      if (this.transaction.error === null) fail(this.transaction);
    });
    return request;
  };
}

afterEach(() => {
  IDBObjectStore.prototype.put = realPut;
});

describe('IndexedDbArtifactStore', () => {
  it('stores, lists, loads and removes entries in the tfjs indexeddb:// layout', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbArtifactStore(factory);
    expect(await store.list()).toEqual([]);
    await store.save('a', artifacts(1, { prunelab: { kind: 'dense' } }));
    await store.save('b', artifacts(5));
    expect((await store.list()).sort()).toEqual(['a', 'b']);
    const a = await store.load('a');
    expect(Array.from(new Float32Array(a?.weightData ?? new ArrayBuffer(0)))).toEqual([1, 2, 3, 4]);
    expect(a?.userDefinedMetadata).toEqual({ prunelab: { kind: 'dense' } });
    expect(await store.load('missing')).toBeNull();
    // tf.io.listModels reads the info store: both entries are there, with tfjs's info fields.
    expect(await rawRecords(factory, 'model_info_store')).toEqual([
      { modelPath: 'a', modelArtifactsInfo: expect.objectContaining({ modelTopologyType: 'JSON', weightDataBytes: 16 }) },
      { modelPath: 'b', modelArtifactsInfo: expect.objectContaining({ weightDataBytes: 16 }) },
    ]);
    await store.remove('a');
    expect(await store.list()).toEqual(['b']);
    expect(await rawRecords(factory, 'model_info_store')).toHaveLength(1);
  });

  it('reports a save as failed ("full") when the transaction aborts after the put succeeded, and nothing is stored', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbArtifactStore(factory);
    failAfterPut((tx) => tx.abort());
    await expect(store.save('a', artifacts(1))).rejects.toMatchObject({ name: 'StorageError', kind: 'full' });
    IDBObjectStore.prototype.put = realPut;
    expect(await store.list()).toEqual([]);
    expect(await rawRecords(factory, 'model_info_store')).toEqual([]);
  });

  it('names a quota error as such, also inside an update, and the update changes nothing', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbArtifactStore(factory);
    await store.save('keep', artifacts(1));
    // fake-indexeddb's internal abort with an error name: how a browser aborts a transaction over quota.
    failAfterPut((tx) => (tx as IDBTransaction & { _abort(name: string): void })._abort('QuotaExceededError'));
    const update = store.update('', (names) => ({ remove: [...names], put: [['new', artifacts(2)]], result: names.length }));
    await expect(update).rejects.toMatchObject({ kind: 'full', message: expect.stringContaining('QuotaExceededError') });
    IDBObjectStore.prototype.put = realPut;
    expect(await store.list()).toEqual(['keep']);
  });

  it('lists only entries whose data is stored (an info record alone is not a model)', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbArtifactStore(factory);
    await store.save('whole', artifacts(1));
    await new Promise<void>((resolve, reject) => {
      const open = factory.open('tensorflowjs', 1);
      open.onsuccess = () => {
        const tx = open.result.transaction('model_info_store', 'readwrite');
        tx.objectStore('model_info_store').put({ modelPath: 'info-only', modelArtifactsInfo: {} });
        tx.oncomplete = () => resolve();
        tx.onabort = () => reject(tx.error);
      };
    });
    expect(await store.list()).toEqual(['whole']);
  });

  it('runs concurrent updates from two connections one after the other (no lost write)', async () => {
    const factory = new IDBFactory();
    const tabs = [new IndexedDbArtifactStore(factory), new IndexedDbArtifactStore(factory)];
    const next = (names: readonly string[]) => `c${names.length}`;
    const ids = await Promise.all(
      [0, 1, 2, 3].map((i) => tabs[i % 2].update('c', (names) => ({ put: [[next(names), artifacts(i)]], result: next(names) }))),
    );
    expect([...ids].sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect((await tabs[0].list()).sort()).toEqual(['c0', 'c1', 'c2', 'c3']);
  });

  it('moves a record aside as it is stored, even one it cannot read as a model, in the same step as other changes', async () => {
    const factory = new IDBFactory();
    const store = new IndexedDbArtifactStore(factory);
    await store.save('bad', { ...artifacts(1), modelTopology: new ArrayBuffer(4) });
    expect(await store.load('bad')).toBeNull(); // a binary topology: unreadable as a PruneLab model
    await store.update('', () => ({ move: [['bad', 'aside-bad']], put: [['new', artifacts(2)]], result: undefined }));
    expect((await store.list()).sort()).toEqual(['aside-bad', 'new']);
    const records = await rawRecords(factory, 'models_store');
    expect(records).toContainEqual(expect.objectContaining({ modelPath: 'aside-bad', modelArtifacts: expect.objectContaining({ modelTopology: expect.any(ArrayBuffer) }) }));
    expect(await rawRecords(factory, 'model_info_store')).toEqual([expect.objectContaining({ modelPath: 'aside-bad' }), expect.objectContaining({ modelPath: 'new' })]);
  });

  it('says storage is unavailable where there is no IndexedDB', async () => {
    await expect(new IndexedDbArtifactStore(null).list()).rejects.toMatchObject({ name: 'StorageError', kind: 'unavailable' });
  });
});
