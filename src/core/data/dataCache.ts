// Keeps the data files in the browser (Cache Storage) so a second visit, or one without a
// network, needs no download. Each file is stored under its path plus the manifest's
// SHA-256, so a new deployment (new checksum) can never be answered from an old copy;
// storing a file drops its other versions. The loader verifies every cached file as it
// verifies a download, and drops one that fails. A full quota (or no Cache Storage at all,
// as in Node) only costs the caching: the file still loads from the network, and the
// caller is told once so the page can say so.

import type { DataFileEntry } from './manifest';

/** The name of the one cache that holds PruneLab's data files. */
export const DATA_CACHE_NAME = 'prunelab-data';

/** The parts of the platform's Cache and CacheStorage used here (tests pass fakes). */
export interface CacheLike {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
  keys(): Promise<readonly { readonly url: string }[]>;
}
export interface CacheStorageLike {
  open(name: string): Promise<CacheLike>;
  delete(name: string): Promise<boolean>;
}

/** What went wrong when storing a file: the quota (storage full) or anything else the browser refused. */
export type StoreFailure = 'quota' | 'refused';

/** The key a file is stored under: its URL with the checksum in the query, so versions never mix. */
export function cacheKey(entry: Pick<DataFileEntry, 'path' | 'sha256'>, baseUrl: string): string {
  const url = new URL(entry.path, baseUrl);
  url.search = `sha256=${entry.sha256}`;
  return url.href;
}

const withoutQuery = (href: string): string => href.split('?')[0];

function isQuotaError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && 'name' in e && (e as { name: unknown }).name === 'QuotaExceededError';
}

export class DataCache {
  private cache: Promise<CacheLike | null> | null = null;
  /** Set once a store failed: later files are not tried again (the page said so once). */
  private failed: StoreFailure | null = null;

  constructor(
    private readonly storage: CacheStorageLike | null,
    private readonly onStoreFailure: (why: StoreFailure) => void = () => undefined,
  ) {}

  /** The browser's Cache Storage where there is one (window, worker, service worker), else a cache that holds nothing. */
  static platform(onStoreFailure?: (why: StoreFailure) => void): DataCache {
    const storage = (globalThis as { caches?: CacheStorageLike }).caches ?? null;
    return new DataCache(storage, onStoreFailure);
  }

  private open(): Promise<CacheLike | null> {
    this.cache ??= this.storage ? this.storage.open(DATA_CACHE_NAME).catch(() => null) : Promise.resolve(null);
    return this.cache;
  }

  /** The stored response for exactly this version of the file, or null. */
  async match(key: string): Promise<Response | null> {
    const cache = await this.open();
    if (!cache) return null;
    try {
      return (await cache.match(key)) ?? null;
    } catch {
      return null;
    }
  }

  /** Stores `response` under `key` and drops the file's other versions; never throws. */
  async put(key: string, response: Response): Promise<boolean> {
    const cache = await this.open();
    if (!cache || this.failed) {
      response.body?.cancel().catch(() => undefined);
      return false;
    }
    try {
      await cache.put(key, response);
    } catch (e) {
      this.failed = isQuotaError(e) ? 'quota' : 'refused';
      this.onStoreFailure(this.failed);
      return false;
    }
    await this.dropOthers(key);
    return true;
  }

  /** Removes a stored file (one that failed its checksum). */
  async drop(key: string): Promise<void> {
    const cache = await this.open();
    await cache?.delete(key).catch(() => false);
  }

  /** Removes the other versions (other checksums) of the file stored under `key`. */
  private async dropOthers(key: string): Promise<void> {
    const cache = await this.open();
    if (!cache) return;
    const path = withoutQuery(key);
    const keys = await cache.keys().catch(() => []);
    await Promise.all(keys.filter((k) => k.url !== key && withoutQuery(k.url) === path).map((k) => cache.delete(k.url).catch(() => false)));
  }

  /** The stored files and their summed size on disk (the compressed bytes, as downloaded). */
  async summary(): Promise<{ readonly files: number; readonly bytes: number }> {
    const cache = await this.open();
    if (!cache) return { files: 0, bytes: 0 };
    const keys = await cache.keys().catch(() => []);
    let bytes = 0;
    for (const k of keys) {
      const res = await cache.match(k.url).catch(() => undefined);
      const length = Number(res?.headers.get('content-length') ?? NaN);
      bytes += Number.isFinite(length) ? length : res ? (await res.arrayBuffer()).byteLength : 0;
    }
    return { files: keys.length, bytes };
  }

  /** Deletes every stored file. */
  async clear(): Promise<void> {
    this.cache = null;
    this.failed = null;
    await this.storage?.delete(DATA_CACHE_NAME).catch(() => false);
  }
}
