// Downloads the prepared data files with progress, gunzips them with the platform's
// DecompressionStream (see receive.ts) and verifies their SHA-256 against the manifest.
// Every failure is a DataLoadError naming the file, the step and what to do; a file that
// stops sending bytes for a while is one too (stall.ts), so no download hangs for ever.
// Works in a Web Worker and in Node (fetch, streams and WebCrypto are globals in both).
// With a DataCache, each file is first looked up there (by its checksum) and stored after
// it verified; the manifest is asked of the network first and read from the cache only when
// the network fails (offline). MNIST is decoded here; IMDB in fetchImdb.ts.

import { abortError } from '../abort';
import { cacheKey, type DataCache } from './dataCache';
import { DataLoadError, downloadFailed, httpFailed, SERVER_DATA_ADVICE } from './loadErrors';
import { validateManifest, type DataFileEntry, type DataManifest } from './manifest';
import type { ImageSet } from './batches';
import { decodeMnist, decodeMnistSplit, type Mnist } from './mnist';
import { receiveFile, type ReceiveProgress } from './receive';
import { DEFAULT_STALL_SECONDS, StallWatch } from './stall';

export interface LoadProgress {
  readonly loadedBytes: number;
  readonly totalBytes: number;
  readonly file: string;
}

export type Fetcher = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

export interface LoadOptions {
  readonly baseUrl: string;
  readonly onProgress?: (p: LoadProgress) => void;
  readonly signal?: AbortSignal;
  readonly fetcher?: Fetcher;
  /** Milliseconds without a byte before a file counts as stalled (default DEFAULT_STALL_SECONDS). */
  readonly stallMs?: number;
  /** Where verified files are kept between visits (none: always the network). */
  readonly cache?: DataCache;
}

const MANIFEST_FILE = 'manifest.json';

/** Fetches `url`, turning a rejection into a DataLoadError naming `file` (an AbortError stays one). */
async function request(file: string, url: string, opts: LoadOptions): Promise<Response> {
  let res: Response;
  try {
    res = await (opts.fetcher ?? fetch)(url, { signal: opts.signal });
  } catch (e) {
    if (opts.signal?.aborted) throw abortError();
    throw downloadFailed(file, e);
  }
  if (!res.ok) {
    res.body?.cancel().catch(() => undefined);
    throw httpFailed(file, res.status, res.statusText);
  }
  return res;
}

/** The manifest's text: from the network, else (offline) the copy the cache kept from the last visit. */
async function manifestText(opts: LoadOptions): Promise<string> {
  const url = new URL(MANIFEST_FILE, opts.baseUrl).href;
  try {
    const res = await request(MANIFEST_FILE, url, opts);
    const copy = opts.cache ? res.clone() : null;
    const text = await res.text();
    if (copy) await opts.cache?.put(url, copy);
    return text;
  } catch (e) {
    const kept = e instanceof DataLoadError && e.step === 'download' && e.retryable ? await opts.cache?.match(url) : null;
    if (!kept) {
      if (opts.signal?.aborted) throw abortError();
      throw e instanceof DataLoadError ? e : downloadFailed(MANIFEST_FILE, e);
    }
    return kept.text();
  }
}

export async function fetchManifest(opts: LoadOptions): Promise<DataManifest> {
  const text = await manifestText(opts);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataLoadError(MANIFEST_FILE, 'verify', 'not valid JSON', SERVER_DATA_ADVICE, false);
  }
  try {
    return validateManifest(json);
  } catch (e) {
    const reason = e instanceof Error ? e.message.replace(/^data manifest: /, '') : String(e);
    throw new DataLoadError(MANIFEST_FILE, 'verify', reason, SERVER_DATA_ADVICE, false, { cause: e });
  }
}

export async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null; // not a secure context: the format validation still runs
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const corrupt = (entry: DataFileEntry) =>
  new DataLoadError(entry.path, 'verify', 'its SHA-256 checksum differs from the manifest: the file is corrupt or from another version', SERVER_DATA_ADVICE, false);

/** The cached copy of this version of the file if it is there and still verifies; a bad copy is dropped. */
async function fromCache(entry: DataFileEntry, key: string, opts: LoadOptions, progress: ReceiveProgress): Promise<Uint8Array | null> {
  const cache = opts.cache;
  const stored = cache ? await cache.match(key) : null;
  if (!cache || !stored) return null;
  try {
    const bytes = await receiveFile(stored, entry, progress, opts.signal);
    const hash = await sha256Hex(bytes);
    if (hash === null || hash === entry.sha256) return bytes;
  } catch {
    if (opts.signal?.aborted) throw abortError();
  }
  await cache.drop(key);
  return null;
}

/**
 * Fetches one file, gunzipping it unless the server already did, never past the size the
 * manifest declares, and checks its checksum. `progress` gets (received, expected) bytes
 * of this file on its path (compressed when gzip arrives, decompressed otherwise).
 */
export async function fetchDataFile(entry: DataFileEntry, opts: LoadOptions, progress: ReceiveProgress = () => undefined): Promise<Uint8Array> {
  const key = cacheKey(entry, opts.baseUrl);
  if (opts.cache) {
    const cached = await fromCache(entry, key, opts, progress);
    if (cached) return cached;
    if (opts.signal?.aborted) throw abortError();
  }
  const watch = new StallWatch(entry.path, opts.stallMs ?? DEFAULT_STALL_SECONDS * 1000, opts.signal);
  let bytes: Uint8Array;
  let copy: Response | null = null;
  try {
    const res = await request(entry.path, new URL(entry.path, opts.baseUrl).href, { ...opts, signal: watch.signal });
    copy = opts.cache ? res.clone() : null;
    bytes = await receiveFile(
      res,
      entry,
      (received, expected) => {
        watch.alive(received, expected);
        progress(received, expected);
      },
      watch.signal,
    );
  } catch (e) {
    copy?.body?.cancel().catch(() => undefined);
    throw watch.explain(e);
  } finally {
    watch.stop();
  }
  const hash = await sha256Hex(bytes);
  if (hash !== null && hash !== entry.sha256) {
    copy?.body?.cancel().catch(() => undefined);
    throw corrupt(entry);
  }
  if (copy) await opts.cache?.put(key, copy);
  return bytes;
}

/**
 * Fetches several files in parallel. Progress is over their summed download (gzip) sizes;
 * each file counts in proportion to how much of it has arrived, so the figure never
 * exceeds the total, also when the server decompressed the files on the way.
 */
export async function fetchAll(entries: readonly DataFileEntry[], opts: LoadOptions): Promise<Uint8Array[]> {
  const totalBytes = entries.reduce((s, e) => s + e.gzipBytes, 0);
  const share = new Float64Array(entries.length);
  return Promise.all(
    entries.map((entry, i) =>
      fetchDataFile(entry, opts, (received, expected) => {
        share[i] = expected > 0 ? Math.min(1, received / expected) * entry.gzipBytes : entry.gzipBytes;
        const loadedBytes = Math.min(totalBytes, Math.round(share.reduce((a, b) => a + b, 0)));
        opts.onProgress?.({ loadedBytes, totalBytes, file: entry.path });
      }),
    ),
  );
}

/** Loads and validates the whole MNIST set described by the manifest. */
export async function loadMnist(opts: LoadOptions): Promise<Mnist> {
  const manifest = await fetchManifest(opts);
  const f = manifest.mnist.files;
  const parts = await fetchAll([f.trainImages, f.trainLabels, f.testImages, f.testLabels], opts);
  return decodeMnist({ trainImages: parts[0], trainLabels: parts[1], testImages: parts[2], testLabels: parts[3] });
}

/** Loads and validates one split of MNIST (the trained start needs only the test split). */
export async function loadMnistSplit(manifest: DataManifest, split: 'train' | 'test', opts: LoadOptions): Promise<ImageSet> {
  const f = manifest.mnist.files;
  const [images, labels] = await fetchAll(split === 'train' ? [f.trainImages, f.trainLabels] : [f.testImages, f.testLabels], opts);
  return decodeMnistSplit(images, labels, split);
}
