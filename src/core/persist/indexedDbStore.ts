// The browser's ArtifactStore: IndexedDB, in the database and record layout of
// TensorFlow.js's `indexeddb://` model store (so earlier saves stay readable and
// tf.io.listModels still sees them), but written by hand: tfjs resolves a save when its
// put request succeeds, before the transaction commits, and writes the model and its
// info in two separate transactions. Here every write is one transaction over both
// stores, resolved on `complete` (strict durability) and rejected with a StorageError
// on `abort`, and `update` reads the names and writes in that same transaction.

import type { ModelArtifactsLike, WeightSpec } from '../io/modelFiles';
import type { ArtifactStore, StorePlan } from './artifactStore';
import { StorageError, storageFailure } from './storageErrors';

const DATABASE = 'tensorflowjs';
const VERSION = 1;
const MODELS = 'models_store';
const INFO = 'model_info_store';

/** tfjs's ModelArtifactsInfo. */
interface ArtifactsInfo {
  readonly dateSaved: Date;
  readonly modelTopologyType: 'JSON';
  readonly modelTopologyBytes: number;
  readonly weightSpecsBytes: number;
  readonly weightDataBytes: number;
}

/** The artifacts as tfjs stores them (weightData may be split in records of other writers). */
interface StoredArtifacts {
  readonly modelTopology?: unknown;
  readonly format?: string;
  readonly generatedBy?: string;
  readonly weightSpecs?: readonly { name: string; shape: number[]; dtype: string; quantization?: unknown }[];
  readonly weightData?: ArrayBuffer | ArrayBuffer[];
  readonly userDefinedMetadata?: Record<string, unknown>;
}

interface ModelRecord {
  readonly modelPath: string;
  readonly modelArtifacts: StoredArtifacts;
  readonly modelArtifactsInfo?: ArtifactsInfo;
}

const utf8Bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value)).length;

function infoOf(a: ModelArtifactsLike): ArtifactsInfo {
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: utf8Bytes(a.modelTopology),
    weightSpecsBytes: utf8Bytes(a.weightSpecs),
    weightDataBytes: a.weightData.byteLength,
  };
}

function joinBuffers(data: ArrayBuffer | ArrayBuffer[]): ArrayBuffer {
  if (!Array.isArray(data)) return data;
  const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  return out.buffer;
}

/** The record's artifacts in PruneLab's shape, or null when they are not float32 layers artifacts. */
function artifactsOf(record: ModelRecord | undefined): ModelArtifactsLike | null {
  const a = record?.modelArtifacts;
  if (!a || typeof a.modelTopology !== 'object' || a.modelTopology === null || a.modelTopology instanceof ArrayBuffer) return null;
  if (!a.weightSpecs || !a.weightData) return null;
  if (a.weightSpecs.some((w) => w.dtype !== 'float32' || w.quantization)) return null; // not written by PruneLab
  return {
    modelTopology: a.modelTopology,
    format: a.format ?? 'layers-model',
    generatedBy: a.generatedBy ?? '',
    weightSpecs: a.weightSpecs.map((w): WeightSpec => ({ name: w.name, shape: w.shape, dtype: 'float32' })),
    weightData: joinBuffers(a.weightData),
    userDefinedMetadata: a.userDefinedMetadata,
  };
}

type Stores = { readonly models: IDBObjectStore; readonly info: IDBObjectStore };

/** IndexedDB (browser main thread or worker); `factory` defaults to the global indexedDB. */
export class IndexedDbArtifactStore implements ArtifactStore {
  private connection: Promise<IDBDatabase> | null = null;

  constructor(private readonly factory: IDBFactory | null = globalThis.indexedDB ?? null) {}

  private db(): Promise<IDBDatabase> {
    const factory = this.factory;
    if (!factory) return Promise.reject(new StorageError('unavailable', 'This browser offers no IndexedDB storage.'));
    this.connection ??= new Promise<IDBDatabase>((resolve, reject) => {
      const open = factory.open(DATABASE, VERSION);
      open.onupgradeneeded = () => {
        open.result.createObjectStore(MODELS, { keyPath: 'modelPath' });
        open.result.createObjectStore(INFO, { keyPath: 'modelPath' });
      };
      open.onsuccess = () => {
        const db = open.result;
        // Another tab upgrading the database, or the browser closing it: reopen next time.
        db.onversionchange = () => {
          db.close();
          this.connection = null;
        };
        db.onclose = () => (this.connection = null);
        resolve(db);
      };
      open.onerror = () => reject(storageFailure(open.error));
      open.onblocked = () => reject(new StorageError('unavailable', 'Browser storage is blocked by another tab of this site.'));
    });
    this.connection.catch(() => (this.connection = null));
    return this.connection;
  }

  /**
   * Runs `work` in one transaction over both stores; resolves with what `work`'s getter
   * returns once the transaction completes, rejects with a StorageError if it aborts.
   * `work` starts requests and may start more from their callbacks; an exception in
   * either aborts the transaction and is the reported cause.
   */
  private async transact<T>(mode: IDBTransactionMode, work: (s: Stores, guard: <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => void) => () => T): Promise<T> {
    const db = await this.db();
    return new Promise<T>((resolve, reject) => {
      let tx: IDBTransaction;
      try {
        tx = mode === 'readwrite' ? db.transaction([MODELS, INFO], mode, { durability: 'strict' }) : db.transaction([MODELS, INFO], mode);
      } catch (e) {
        this.connection = null;
        reject(storageFailure(e));
        return;
      }
      let thrown: { error: unknown } | null = null;
      const guard = <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => {
        try {
          f(...a);
        } catch (e) {
          thrown = { error: e };
          tx.abort();
        }
      };
      let result: (() => T) | null = null;
      tx.oncomplete = () => {
        try {
          if (!result) throw new StorageError('unavailable', 'The storage transaction did no work.');
          resolve(result());
        } catch (e) {
          reject(storageFailure(e));
        }
      };
      tx.onabort = () => reject(thrown ? storageFailure(thrown.error) : storageFailure(tx.error, true));
      guard(() => {
        result = work({ models: tx.objectStore(MODELS), info: tx.objectStore(INFO) }, guard);
      })();
    });
  }

  private static put(s: Stores, name: string, a: ModelArtifactsLike): void {
    const info = infoOf(a);
    const modelArtifacts: StoredArtifacts = {
      modelTopology: a.modelTopology,
      format: a.format,
      generatedBy: a.generatedBy,
      weightSpecs: a.weightSpecs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })),
      weightData: a.weightData,
      userDefinedMetadata: a.userDefinedMetadata,
    };
    s.info.put({ modelPath: name, modelArtifactsInfo: info });
    s.models.put({ modelPath: name, modelArtifacts, modelArtifactsInfo: info } satisfies ModelRecord);
  }

  private static delete(s: Stores, name: string): void {
    s.info.delete(name);
    s.models.delete(name);
  }

  /** Renames a record as it is stored, readable or not (the rename commits with the transaction). */
  private static move(s: Stores, guard: <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => void, from: string, to: string): void {
    const get = s.models.get(from);
    get.onsuccess = guard(() => {
      const record = get.result as ModelRecord | undefined;
      if (!record) return;
      s.models.put({ ...record, modelPath: to });
      s.info.put({ modelPath: to, modelArtifactsInfo: record.modelArtifactsInfo });
      IndexedDbArtifactStore.delete(s, from);
    });
  }

  save(name: string, a: ModelArtifactsLike): Promise<void> {
    return this.transact('readwrite', (s) => {
      IndexedDbArtifactStore.put(s, name, a);
      return () => undefined;
    });
  }

  load(name: string): Promise<ModelArtifactsLike | null> {
    return this.transact('readonly', (s, guard) => {
      let record: ModelRecord | undefined;
      const get = s.models.get(name);
      get.onsuccess = guard(() => (record = get.result as ModelRecord | undefined));
      return () => artifactsOf(record);
    });
  }

  remove(name: string): Promise<void> {
    return this.transact('readwrite', (s) => {
      IndexedDbArtifactStore.delete(s, name);
      return () => undefined;
    });
  }

  /** Names of the stored model records (the data, not tfjs's info list, which can disagree). */
  list(): Promise<string[]> {
    return this.transact('readonly', (s, guard) => {
      let names: string[] = [];
      const keys = s.models.getAllKeys();
      keys.onsuccess = guard(() => (names = keys.result.filter((k): k is string => typeof k === 'string')));
      return () => names;
    });
  }

  update<T>(prefix: string, plan: (names: readonly string[]) => StorePlan<T>): Promise<T> {
    return this.transact('readwrite', (s, guard) => {
      let result: { value: T } | null = null;
      const keys = s.models.getAllKeys();
      keys.onsuccess = guard(() => {
        const names = keys.result.filter((k): k is string => typeof k === 'string' && k.startsWith(prefix));
        const p = plan(names);
        for (const [from, to] of p.move ?? []) IndexedDbArtifactStore.move(s, guard, from, to);
        for (const name of p.remove ?? []) IndexedDbArtifactStore.delete(s, name);
        for (const [name, a] of p.put ?? []) IndexedDbArtifactStore.put(s, name, a);
        result = { value: p.result };
      });
      return () => {
        if (!result) throw new StorageError('unavailable', 'The storage update did not run.');
        return result.value;
      };
    });
  }
}
