// The data cache with the loader, against an in-memory Cache Storage: a file is stored under
// its checksum and read back without the network; a new checksum is fetched again and the
// old copy dropped; a cached copy that fails its checksum is dropped and fetched again; a
// full quota leaves the file loading from the network and is said once; offline, the
// manifest comes from the cache.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cacheKey, DataCache, type CacheLike, type CacheStorageLike } from './dataCache';
import { fetchDataFile, fetchManifest, type Fetcher } from './fetchData';
import type { DataFileEntry } from './manifest';

const BASE = 'http://data.test/';

class MemoryCache implements CacheLike {
  readonly store = new Map<string, { body: Uint8Array; headers: Headers }>();
  full = false;
  async match(key: string) {
    const hit = this.store.get(key);
    return hit ? new Response(hit.body.slice(), { headers: hit.headers }) : undefined;
  }
  async put(key: string, res: Response) {
    const body = new Uint8Array(await res.arrayBuffer());
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.store.set(key, { body, headers: res.headers });
  }
  async delete(key: string) {
    return this.store.delete(key);
  }
  async keys() {
    return [...this.store.keys()].map((url) => ({ url }));
  }
}

function memoryStorage(cache = new MemoryCache()): CacheStorageLike & { cache: MemoryCache } {
  return { cache, open: async () => cache, delete: async () => (cache.store.clear(), true) };
}

function file(path: string, seed: number): { entry: DataFileEntry; gz: Uint8Array } {
  const data = Uint8Array.from({ length: 20_000 }, (_, i) => (i * seed + (i >> 7)) % 251);
  const gz = new Uint8Array(gzipSync(data));
  return { entry: { path, bytes: data.length, gzipBytes: gz.length, sha256: createHash('sha256').update(data).digest('hex') }, gz };
}

/** A server holding `files` by path, counting requests. */
function server(files: Map<string, Uint8Array>) {
  const asked: string[] = [];
  const fetcher: Fetcher = async (url) => {
    const path = new URL(url).pathname.slice(1);
    asked.push(path);
    const body = files.get(path);
    return body ? new Response(body.slice()) : new Response('missing', { status: 404 });
  };
  return { fetcher, asked };
}

describe('DataCache with fetchDataFile', () => {
  it('stores a verified file under its checksum and serves it again without the network', async () => {
    const { entry, gz } = file('mnist/a.gz', 7);
    const storage = memoryStorage();
    const cache = new DataCache(storage);
    const srv = server(new Map([[entry.path, gz]]));
    const first = await fetchDataFile(entry, { baseUrl: BASE, fetcher: srv.fetcher, cache });
    expect([...storage.cache.store.keys()]).toEqual([cacheKey(entry, BASE)]);
    const offline: Fetcher = async () => Promise.reject(new TypeError('Failed to fetch'));
    const again = await fetchDataFile(entry, { baseUrl: BASE, fetcher: offline, cache });
    expect(again).toEqual(first);
    expect(srv.asked).toEqual([entry.path]);
  });

  it('fetches a file whose checksum changed (never the stale copy) and drops the old version', async () => {
    const old = file('imdb/t.gz', 3);
    const next = { ...file('imdb/t.gz', 5) };
    const storage = memoryStorage();
    const cache = new DataCache(storage);
    await fetchDataFile(old.entry, { baseUrl: BASE, fetcher: server(new Map([[old.entry.path, old.gz]])).fetcher, cache });
    const srv = server(new Map([[next.entry.path, next.gz]]));
    const bytes = await fetchDataFile(next.entry, { baseUrl: BASE, fetcher: srv.fetcher, cache });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(next.entry.sha256);
    expect(srv.asked).toEqual(['imdb/t.gz']);
    expect([...storage.cache.store.keys()]).toEqual([cacheKey(next.entry, BASE)]);
  });

  it('drops a cached copy that fails its checksum and fetches the file again', async () => {
    const { entry, gz } = file('mnist/b.gz', 11);
    const storage = memoryStorage();
    const cache = new DataCache(storage);
    const key = cacheKey(entry, BASE);
    const damaged = gz.slice();
    damaged[damaged.length - 12] ^= 0xff; // inside the deflate data: gunzip or the checksum fails
    storage.cache.store.set(key, { body: damaged, headers: new Headers() });
    const srv = server(new Map([[entry.path, gz]]));
    const bytes = await fetchDataFile(entry, { baseUrl: BASE, fetcher: srv.fetcher, cache });
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    expect(srv.asked).toEqual([entry.path]);
    expect(storage.cache.store.get(key)?.body).toEqual(gz);
  });

  it('with a full quota the file still loads from the network, and the failure is reported once', async () => {
    const a = file('mnist/c.gz', 13);
    const b = file('mnist/d.gz', 17);
    const storage = memoryStorage();
    storage.cache.full = true;
    const reports: string[] = [];
    const cache = new DataCache(storage, (why) => reports.push(why));
    const srv = server(new Map([[a.entry.path, a.gz], [b.entry.path, b.gz]]));
    await fetchDataFile(a.entry, { baseUrl: BASE, fetcher: srv.fetcher, cache });
    await fetchDataFile(b.entry, { baseUrl: BASE, fetcher: srv.fetcher, cache });
    expect(reports).toEqual(['quota']);
    expect(storage.cache.store.size).toBe(0);
    expect(srv.asked).toEqual([a.entry.path, b.entry.path]);
  });

  it('reads the manifest from the network when it can, else from the cache (offline)', async () => {
    const text = JSON.stringify({ version: 0 });
    const storage = memoryStorage();
    const cache = new DataCache(storage);
    const online: Fetcher = async () => new Response(text);
    const offline: Fetcher = async () => Promise.reject(new TypeError('Failed to fetch'));
    // an invalid manifest still verifies after it was fetched: what matters here is where its text came from
    await expect(fetchManifest({ baseUrl: BASE, fetcher: online, cache })).rejects.toThrow(/version 0/);
    await expect(fetchManifest({ baseUrl: BASE, fetcher: offline, cache })).rejects.toThrow(/version 0/);
    await expect(fetchManifest({ baseUrl: BASE, fetcher: offline, cache: new DataCache(memoryStorage()) })).rejects.toThrow(/Could not download manifest\.json/);
  });

  it('counts what it holds and forgets it all on clear', async () => {
    const { entry, gz } = file('mnist/e.gz', 19);
    const cache = new DataCache(memoryStorage());
    await fetchDataFile(entry, { baseUrl: BASE, fetcher: server(new Map([[entry.path, gz]])).fetcher, cache });
    expect(await cache.summary()).toEqual({ files: 1, bytes: gz.length });
    await cache.clear();
    expect(await cache.summary()).toEqual({ files: 0, bytes: 0 });
  });
});
