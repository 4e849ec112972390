// The last ONNX file imported on this page, kept in the browser (IndexedDB) so that a reload
// imports it again instead of losing it: the file's bytes and the normalisation chosen.
// Reset forgets it with the other stored models.

import type { InputNorm } from '../../core/io/onnx/onnxNorm';

export interface KeptOnnx {
  readonly name: string;
  readonly data: ArrayBuffer;
  readonly norm: InputNorm;
}

const DB = 'prunelab-onnx-import';
const STORE = 'files';
const KEY = 'last';

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function run<T>(mode: IDBTransactionMode, f: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = f(db.transaction(STORE, mode).objectStore(STORE));
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
    });
  } finally {
    db.close();
  }
}

export async function keepOnnx(file: KeptOnnx): Promise<void> {
  await run('readwrite', (s) => s.put(file, KEY));
}

/** The kept file, or null (none, or no storage in this browser). */
export async function keptOnnx(): Promise<KeptOnnx | null> {
  try {
    const v = (await run('readonly', (s) => s.get(KEY))) as KeptOnnx | undefined;
    return v && typeof v.name === 'string' && v.data instanceof ArrayBuffer ? v : null;
  } catch {
    return null;
  }
}

export async function forgetOnnx(): Promise<void> {
  await run('readwrite', (s) => s.delete(KEY)).catch(() => undefined);
}
