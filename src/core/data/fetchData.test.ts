// The data downloader against fake servers: every fault names the file, the step and what
// to do; decompression stops at the declared size; progress never exceeds its total, also
// when the server decompressed the file on the way; a user's abort stays an AbortError.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isAbortError } from '../abort';
import { fetchAll, fetchDataFile, fetchManifest, type Fetcher, type LoadProgress } from './fetchData';
import { DataLoadError } from './loadErrors';
import type { DataFileEntry } from './manifest';

const BASE = 'http://data.test/';
const CHUNK = 16 * 1024;

/** 300 KB of varied bytes (compresses, but not to nothing). */
const DATA = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7 + (i >> 9)) % 251);
const GZ = new Uint8Array(gzipSync(DATA));

function entryOf(path: string, data: Uint8Array, gz: Uint8Array): DataFileEntry {
  return { path, bytes: data.length, gzipBytes: gz.length, sha256: createHash('sha256').update(data).digest('hex') };
}
const ENTRY = entryOf('mnist/train-images.gz', DATA, GZ);

/** A body delivering `bytes` in chunks; after `failAt` bytes it errors with `error` (a broken connection). */
function body(bytes: Uint8Array, failAt = Infinity, error: unknown = new TypeError('network error')): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= failAt) return controller.error(error);
      if (at >= bytes.length) return controller.close();
      const end = Math.min(bytes.length, at + CHUNK, failAt);
      controller.enqueue(bytes.slice(at, end));
      at = end;
    },
  });
}

const serve = (make: () => Response): Fetcher => async () => make();
const opts = (fetcher: Fetcher, onProgress?: (p: LoadProgress) => void, signal?: AbortSignal) => ({ baseUrl: BASE, fetcher, onProgress, signal });

async function failure(p: Promise<unknown>): Promise<DataLoadError> {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!(e instanceof DataLoadError)) throw new Error(`expected a DataLoadError, got ${String(e)}`);
  return e;
}

describe('fetchDataFile faults', () => {
  it('names the file and says what to do when the connection is reset before or during the download', async () => {
    const reset = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    const before = await failure(fetchDataFile(ENTRY, opts(async () => Promise.reject(reset))));
    expect(before.message).toBe('Could not download mnist/train-images.gz (connection reset): check your connection and press Retry.');
    expect([before.step, before.retryable]).toEqual(['download', true]);

    const browser = await failure(fetchDataFile(ENTRY, opts(async () => Promise.reject(new TypeError('Failed to fetch')))));
    expect(browser.message).toContain('Could not download mnist/train-images.gz (the connection failed)');

    const cut = Math.floor(GZ.length / 2);
    const during = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response(body(GZ, cut))))));
    expect(during.message).toMatch(/^Could not download mnist\/train-images\.gz \(the connection failed after [\d,]+ of [\d,]+ bytes\): check your connection and press Retry\.$/);
    expect(during.step).toBe('download');
  });

  it('a user abort mid-stream is an AbortError, not a download fault', async () => {
    const controller = new AbortController();
    const fetcher: Fetcher = async (_url, init) => {
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (init?.signal?.aborted) return c.error(new DOMException('aborted', 'AbortError'));
          c.enqueue(GZ.slice(sent, sent + CHUNK));
          sent += CHUNK;
          if (sent > 2 * CHUNK) controller.abort();
        },
      });
      return new Response(stream);
    };
    const e = await fetchDataFile(ENTRY, opts(fetcher, undefined, controller.signal)).then(() => null, (x: unknown) => x);
    expect(isAbortError(e)).toBe(true);
  });

  it('stops inflating a decompression bomb at the declared size and cancels the download', async () => {
    // 64 MB of zeros in 64 KB of gzip, against a declared 300 KB: read only until it overflows.
    const packed = new Uint8Array(gzipSync(new Uint8Array(64 << 20)));
    let pulled = 0;
    let cancelled = false;
    const bomb = new ReadableStream<Uint8Array>({
      pull(c) {
        if (pulled >= packed.length) return c.close();
        c.enqueue(packed.slice(pulled, pulled + 1024));
        pulled += 1024;
      },
      cancel() {
        cancelled = true;
      },
    });
    const e = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response(bomb)))));
    expect(e.message).toBe(
      `Could not decompress mnist/train-images.gz (it inflates beyond the 300,000 bytes the manifest declares): press Retry; if it fails again, the data files on the server are damaged or from another version (whoever runs the site must run "npm run prepare-data").`,
    );
    expect(e.retryable).toBe(false);
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(packed.length / 2);

    // Already decompressed by the server and longer than declared: refused too.
    const long = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response(body(new Uint8Array(DATA.length + 1)))))));
    expect(long.message).toContain('Could not verify mnist/train-images.gz (it is larger than the 300,000 bytes');
  });

  it('refuses a wrong checksum, corrupt or short gzip, and HTTP errors, each with its own advice', async () => {
    const other = new Uint8Array(gzipSync(DATA.map((b) => b ^ 1)));
    const sum = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response(other)))));
    expect(sum.message).toMatch(/^Could not verify mnist\/train-images\.gz \(its SHA-256 checksum differs from the manifest/);

    const garbage = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const corrupt = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response(garbage)))));
    expect(corrupt.message).toMatch(/^Could not decompress mnist\/train-images\.gz \(corrupt gzip data: .*; the server sent 14 of [\d,]+ bytes\)/);

    const short = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response(DATA.slice(0, 1000))))));
    expect(short.message).toContain('Could not verify mnist/train-images.gz (1,000 of 300,000 bytes received: shorter than the manifest declares)');

    const missing = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response('no', { status: 404, statusText: 'Not Found' })))));
    expect(missing.message).toContain('Could not download mnist/train-images.gz (HTTP 404 Not Found: the file is not on the server)');
    expect(missing.retryable).toBe(false);
    const busy = await failure(fetchDataFile(ENTRY, opts(serve(() => new Response('busy', { status: 503 })))));
    expect([busy.retryable, busy.message]).toEqual([true, expect.stringContaining('(HTTP 503: the server could not send it now): wait a moment and press Retry.')]);

    const manifest = await failure(fetchManifest(opts(serve(() => new Response('{"version": 1}')))));
    expect(manifest.message).toMatch(/^Could not verify manifest\.json \(version 1, expected \d/);
  });
});

describe('fetchAll progress', () => {
  const SMALL = Uint8Array.from({ length: 5_000 }, (_, i) => i % 13);
  const SMALL_GZ = new Uint8Array(gzipSync(SMALL));
  const SMALL_ENTRY = entryOf('mnist/labels.gz', SMALL, SMALL_GZ);

  async function progressOf(fetcher: Fetcher): Promise<LoadProgress[]> {
    const seen: LoadProgress[] = [];
    const [a, b] = await fetchAll([ENTRY, SMALL_ENTRY], opts(fetcher, (p) => seen.push(p)));
    expect(Array.from(a)).toEqual(Array.from(DATA));
    expect(Array.from(b)).toEqual(Array.from(SMALL));
    return seen;
  }

  const check = (seen: LoadProgress[]) => {
    const total = GZ.length + SMALL_GZ.length;
    expect(seen.length).toBeGreaterThan(3);
    for (const [i, p] of seen.entries()) {
      expect(p.totalBytes).toBe(total);
      expect(p.loadedBytes).toBeLessThanOrEqual(total);
      if (i > 0) expect(p.loadedBytes).toBeGreaterThanOrEqual(seen[i - 1].loadedBytes);
    }
    expect(seen.at(-1)?.loadedBytes).toBe(total);
  };

  it('counts gzip downloads up to their summed size', async () => {
    check(await progressOf(async (url) => new Response(body(url.endsWith('labels.gz') ? SMALL_GZ : GZ))));
  });

  it('stays within its total when the server sent the files with Content-Encoding: gzip (already decompressed)', async () => {
    const decoded = (url: string) => (url.endsWith('labels.gz') ? SMALL : DATA);
    check(await progressOf(async (url) => new Response(body(decoded(url)), { headers: { 'Content-Encoding': 'gzip' } })));
  });
});
