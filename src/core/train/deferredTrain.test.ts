// The deferred training set: no batch before its files are fetched; one fetch however many
// jobs ask at once; a failed fetch can be tried again; once loaded it downloads nothing more.
import { describe, expect, it } from 'vitest';
import type { BatchSource } from './batchSource';
import { DeferredTrainSource, deferredTrain } from './deferredTrain';
import type { DataFileEntry } from '../data/manifest';

const FILES: DataFileEntry[] = [
  { path: 'mnist/train-images-idx3-ubyte.gz', bytes: 100, gzipBytes: 60, sha256: 'x' },
  { path: 'mnist/train-labels-idx1-ubyte.gz', bytes: 10, gzipBytes: 4, sha256: 'y' },
];
const EMPTY: BatchSource = { count: 3, numClasses: 10, *batches() {} };

describe('DeferredTrainSource', () => {
  it('refuses batches until fetched, fetches once for concurrent jobs, and can retry a failure', async () => {
    let calls = 0;
    let fail = true;
    const source = new DeferredTrainSource(3, 10, FILES, async () => {
      calls++;
      if (fail) throw new Error('offline');
      return EMPTY;
    });
    expect(deferredTrain(source)).toBe(source);
    expect(deferredTrain(EMPTY)).toBeNull();
    expect(source.downloadBytes).toBe(64);
    expect(() => [...source.batches(2)]).toThrow(/not loaded yet/);
    await expect(source.ensure()).rejects.toThrow('offline');
    fail = false;
    await Promise.all([source.ensure(), source.ensure()]);
    expect(calls).toBe(2);
    expect(source.loaded).toBe(true);
    expect(source.downloadBytes).toBe(0);
    expect([...source.batches(2)]).toEqual([]);
    await source.ensure();
    expect(calls).toBe(2);
  });
});
