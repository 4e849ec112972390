// A data file that stops sending bytes fails with a named, retryable error after the stall
// time (before the response or mid-body), a slow but steady one does not, and the user's
// own abort stays an AbortError.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isAbortError } from '../abort';
import { fetchDataFile, type Fetcher } from './fetchData';
import { DataLoadError } from './loadErrors';
import type { DataFileEntry } from './manifest';

/** 100 KB that barely compresses (a linear congruential sequence), so the gzip body has ~100 pieces. */
let lcg = 1;
const DATA = Uint8Array.from({ length: 100_000 }, () => (lcg = (lcg * 1103515245 + 12345) >>> 0) >>> 24);
const GZ = new Uint8Array(gzipSync(DATA));
const ENTRY: DataFileEntry = { path: 'mnist/t10k-labels-idx1-ubyte.gz', bytes: DATA.length, gzipBytes: GZ.length, sha256: createHash('sha256').update(DATA).digest('hex') };
const BASE = 'http://data.test/';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Like fetch: a request that only ever ends when its signal aborts. */
const silent: Fetcher = (_url, init) =>
  new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

/** Sends `chunks` pieces of the file, `gapMs` apart, then (if `stallAfter`) nothing more; the body errors when the signal aborts. */
function dribble(gapMs: number, stallAfter = Infinity): Fetcher {
  return async (_url, init) => {
    let at = 0;
    let sent = 0;
    const piece = 1024;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
      },
      async pull(controller) {
        if (sent >= stallAfter) return new Promise<void>(() => undefined);
        await sleep(gapMs);
        if (init?.signal?.aborted) return;
        if (at >= GZ.length) return controller.close();
        controller.enqueue(GZ.slice(at, at + piece));
        at += piece;
        sent++;
      },
    });
    return new Response(stream);
  };
}

describe('stalled downloads', () => {
  it('a server that never answers fails after the stall time with a named, retryable error', async () => {
    const started = Date.now();
    const err = await fetchDataFile(ENTRY, { baseUrl: BASE, fetcher: silent, stallMs: 100 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLoadError);
    expect((err as DataLoadError).retryable).toBe(true);
    expect((err as Error).message).toBe(
      'Could not download mnist/t10k-labels-idx1-ubyte.gz (no data arrived for 0.1 s, before the server answered): check your connection and press Retry.',
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a body that stops mid-way fails, saying how much had arrived', async () => {
    const err = await fetchDataFile(ENTRY, { baseUrl: BASE, fetcher: dribble(1, 3), stallMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataLoadError);
    expect((err as Error).message).toMatch(/^Could not download mnist\/t10k-labels-idx1-ubyte\.gz \(no data arrived for 0\.2 s, after 3,072 of [\d,]+ bytes\)/);
  });

  it('a slow but steady download is not a stall, however long it takes in all', async () => {
    const pieces = Math.ceil(GZ.length / 1024);
    const bytes = await fetchDataFile(ENTRY, { baseUrl: BASE, fetcher: dribble(8), stallMs: 100 });
    expect(bytes).toEqual(DATA);
    expect(pieces * 8).toBeGreaterThan(100);
  });

  it('the user’s abort while waiting stays an AbortError', async () => {
    const ctl = new AbortController();
    const pending = fetchDataFile(ENTRY, { baseUrl: BASE, fetcher: silent, stallMs: 10_000, signal: ctl.signal }).catch((e: unknown) => e);
    ctl.abort();
    expect(isAbortError(await pending)).toBe(true);
  });
});
