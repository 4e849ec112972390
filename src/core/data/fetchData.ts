// Downloads the prepared data files with progress, gunzips them with the platform's
// DecompressionStream and verifies their SHA-256 against the manifest.
// Works in a Web Worker and in Node (fetch, streams and WebCrypto are globals in both).
// MNIST is decoded here; IMDB in fetchImdb.ts, which reuses fetchManifest and fetchAll.

import { validateManifest, type DataFileEntry, type DataManifest } from './manifest';
import { decodeMnist, type Mnist } from './mnist';

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
}

export async function fetchManifest(opts: LoadOptions): Promise<DataManifest> {
  const url = new URL('manifest.json', opts.baseUrl).href;
  const res = await (opts.fetcher ?? fetch)(url, { signal: opts.signal });
  if (!res.ok) throw new Error(`data manifest: HTTP ${res.status} for ${url} (run "npm run prepare-data")`);
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new Error('data manifest: not valid JSON');
  }
  return validateManifest(json);
}

async function readAll(res: Response, onChunk: (n: number) => void): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
    onChunk(value.length);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export async function sha256Hex(bytes: Uint8Array): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null; // not a secure context: the IDX validation still runs
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Fetches one file, decompressing if it is gzip, and checks size and checksum. */
export async function fetchDataFile(
  entry: DataFileEntry,
  opts: LoadOptions,
  onChunk: (n: number) => void,
): Promise<Uint8Array> {
  const url = new URL(entry.path, opts.baseUrl).href;
  const res = await (opts.fetcher ?? fetch)(url, { signal: opts.signal });
  if (!res.ok) throw new Error(`${entry.path}: HTTP ${res.status} (file missing on the server?)`);
  const raw = await readAll(res, onChunk);
  let bytes = raw;
  // A host may already have decoded it (Content-Encoding: gzip): only gunzip real gzip.
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = await gunzip(raw);
    } catch (e) {
      throw new Error(`${entry.path}: corrupt gzip data (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  if (bytes.length !== entry.bytes) {
    throw new Error(`${entry.path}: ${bytes.length} bytes after decompression, manifest says ${entry.bytes}`);
  }
  const hash = await sha256Hex(bytes);
  if (hash !== null && hash !== entry.sha256) {
    throw new Error(`${entry.path}: checksum mismatch (file corrupt or from another version)`);
  }
  return bytes;
}

/** Fetches several files in parallel, reporting progress over their summed gzip sizes. */
export async function fetchAll(entries: readonly DataFileEntry[], opts: LoadOptions): Promise<Uint8Array[]> {
  const totalBytes = entries.reduce((s, e) => s + e.gzipBytes, 0);
  let loadedBytes = 0;
  return Promise.all(
    entries.map((entry) =>
      fetchDataFile(entry, opts, (n) => {
        loadedBytes += n;
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
