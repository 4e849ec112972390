// Preloading for offline use, against a fake server and an in-memory Cache Storage: every
// file the manifest lists is fetched once, in order, with progress that only grows to its
// total; a second preload finds everything cached and asks the network for the manifest only.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataCache, type CacheLike } from './dataCache';
import type { Fetcher } from './fetchData';
import { MANIFEST_VERSION, validateManifest, type DataFileEntry } from './manifest';
import { TOKEN_ENCODING } from './tokenCodec';
import { allDataFiles, preloadAll } from './preload';

const BASE = 'http://data.test/';

class MemoryCache implements CacheLike {
  readonly store = new Map<string, Uint8Array>();
  async match(key: string) {
    const hit = this.store.get(key);
    return hit ? new Response(hit.slice()) : undefined;
  }
  async put(key: string, res: Response) {
    this.store.set(key, new Uint8Array(await res.arrayBuffer()));
  }
  async delete(key: string) {
    return this.store.delete(key);
  }
  async keys() {
    return [...this.store.keys()].map((url) => ({ url }));
  }
}

/** A tiny file per manifest entry, served by path. */
function site() {
  const bodies = new Map<string, Uint8Array>();
  const entry = (path: string, seed: number): DataFileEntry => {
    const data = Uint8Array.from({ length: 3000 + seed * 100 }, (_, i) => (i * seed) % 253);
    const gz = new Uint8Array(gzipSync(data));
    bodies.set(path, gz);
    return { path, bytes: data.length, gzipBytes: gz.length, sha256: createHash('sha256').update(data).digest('hex') };
  };
  const names = (prefix: string, keys: string[], from: number) => Object.fromEntries(keys.map((k, i) => [k, entry(`${prefix}/${k}.gz`, from + i)]));
  const manifest = {
    version: MANIFEST_VERSION,
    mnist: { train: 1, test: 1, files: names('mnist', ['trainImages', 'trainLabels', 'testImages', 'testLabels'], 1) },
    imdb: { train: 1, test: 1, vocabSize: 10002, duplicates: 0, tokenEncoding: TOKEN_ENCODING, files: names('imdb', ['vocab', 'trainTokens', 'trainOffsets', 'trainLabels', 'testTokens', 'testOffsets', 'testLabels'], 5) },
    trained: { lenet5: { files: names('trained/lenet5', ['model', 'weights'], 12), epochs: 1, seed: 1, train: 1, testAccuracy: 0.9, backend: 'cpu', commit: 'x', date: 'd', script: 's' } },
  };
  const asked: string[] = [];
  const fetcher: Fetcher = async (url) => {
    const path = new URL(url).pathname.slice(1);
    asked.push(path);
    if (path === 'manifest.json') return new Response(JSON.stringify(manifest));
    const body = bodies.get(path);
    return body ? new Response(body.slice()) : new Response('', { status: 404 });
  };
  return { manifest, fetcher, asked };
}

describe('preloadAll', () => {
  it('fetches every listed file once with growing progress; a second preload needs only the manifest', async () => {
    const { manifest, fetcher, asked } = site();
    const memory = new MemoryCache();
    const cache = new DataCache({ open: async () => memory, delete: async () => true });
    const seen: { loadedBytes: number; totalBytes: number }[] = [];
    const files = allDataFiles(validateManifest(manifest));
    expect(await preloadAll({ baseUrl: BASE, fetcher, cache }, (p) => seen.push(p))).toBe(13);
    expect(asked).toEqual(['manifest.json', ...files.map((f) => f.path)]);
    const total = files.reduce((s, f) => s + f.gzipBytes, 0);
    expect(seen.every((p, i) => p.totalBytes === total && (i === 0 || p.loadedBytes >= seen[i - 1].loadedBytes))).toBe(true);
    expect(seen.at(-1)?.loadedBytes).toBe(total);
    expect(memory.store.size).toBe(14); // the files and the manifest
    asked.length = 0;
    await preloadAll({ baseUrl: BASE, fetcher, cache }, () => undefined);
    expect(asked).toEqual(['manifest.json']);
  });
});
