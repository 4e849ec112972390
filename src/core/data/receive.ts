// Reads one data file's response body into a buffer of exactly the size the manifest
// declares, gunzipping on the fly when the body is gzip. Nothing is ever inflated past
// the declared size: a file that would grow beyond it (a decompression bomb, a wrong
// file) is cut off at the first chunk that overflows. A server that sends the .gz with
// `Content-Encoding: gzip` hands us bytes the browser already decompressed; the gzip
// magic number tells the two apart, and progress is then counted against the
// decompressed size, so it never exceeds its total.

import type { DataFileEntry } from './manifest';
import { abortError } from '../abort';
import { bytesOf, DataLoadError, downloadFailed, SERVER_DATA_ADVICE } from './loadErrors';

/** Progress of one file: bytes received so far of the bytes expected on this path. */
export type ReceiveProgress = (received: number, expected: number) => void;

/** Compressed bytes handed to the decompressor at a time. */
const FEED_PIECE = 1024;

const isGzip = (b: Uint8Array) => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

function tooLarge(entry: DataFileEntry, step: 'decompress' | 'verify'): DataLoadError {
  const what = step === 'decompress' ? 'it inflates beyond' : 'it is larger than';
  return new DataLoadError(entry.path, step, `${what} the ${entry.bytes.toLocaleString('en')} bytes the manifest declares`, SERVER_DATA_ADVICE, false);
}

/**
 * The body's compressed chunks, counted, with a network failure turned into a
 * DataLoadError naming the file (or an AbortError when `signal` was aborted).
 */
class BodyReader {
  received = 0;
  /** The download's own failure, if it failed (takes precedence over what it caused downstream). */
  failure: Error | null = null;
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;

  constructor(
    body: ReadableStream<Uint8Array>,
    private readonly entry: DataFileEntry,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.reader = body.getReader();
  }

  /** The next chunk, or null at the end. `expected` sizes the "after x of y MB" message. */
  async next(expected: number): Promise<Uint8Array | null> {
    try {
      const { done, value } = await this.reader.read();
      if (done) return null;
      this.received += value.length;
      return value;
    } catch (e) {
      this.failure = this.signal?.aborted ? abortError() : downloadFailed(this.entry.path, e, this.received, expected);
      throw this.failure;
    }
  }

  cancel(): void {
    this.reader.cancel().catch(() => undefined);
  }
}

/** The first bytes, merged until there are at least two (enough for the gzip magic number); null for an empty body. */
async function head(body: BodyReader, expected: number): Promise<Uint8Array | null> {
  let merged: Uint8Array | null = null;
  while (!merged || merged.length < 2) {
    const c = await body.next(expected);
    if (!c) break;
    if (!merged) merged = c;
    else {
      const both: Uint8Array = new Uint8Array(merged.length + c.length);
      both.set(merged);
      both.set(c, merged.length);
      merged = both;
    }
  }
  return merged;
}

/** Copies an already-decompressed body into `out`, refusing more bytes than declared. */
async function copyPlain(body: BodyReader, first: Uint8Array | null, entry: DataFileEntry, out: Uint8Array, progress: ReceiveProgress): Promise<number> {
  let written = 0;
  for (let c = first; c; c = await body.next(entry.bytes)) {
    if (written + c.length > out.length) {
      body.cancel();
      throw tooLarge(entry, 'verify');
    }
    out.set(c, written);
    written += c.length;
    progress(written, entry.bytes);
  }
  return written;
}

/** Gunzips the body into `out` as it arrives, stopping at the first byte beyond the declared size. */
async function inflate(body: BodyReader, first: Uint8Array | null, entry: DataFileEntry, out: Uint8Array, progress: ReceiveProgress): Promise<number> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter();
  const inflated = ds.readable.getReader();
  let stopped = false;
  const feed = (async () => {
    for (let c = first; c && !stopped; c = await body.next(entry.gzipBytes)) {
      progress(Math.min(body.received, entry.gzipBytes), entry.gzipBytes);
      // Small pieces, each once the decompressor wants more: one piece inflates to at most
      // ~1,000 times its size, so little is inflated beyond what has been checked.
      for (let at = 0; at < c.length && !stopped; at += FEED_PIECE) {
        await writer.ready;
        if (!stopped) await writer.write(c.subarray(at, at + FEED_PIECE) as Uint8Array<ArrayBuffer>);
      }
    }
    if (!stopped) await writer.close();
  })().catch((e: unknown) => {
    // A broken download ends the decompression too; a stop of ours already ended it.
    if (!stopped) writer.abort(e).catch(() => undefined);
  });
  let written = 0;
  try {
    for (;;) {
      const { done, value } = await inflated.read();
      if (done) break;
      if (written + value.length > out.length) throw tooLarge(entry, 'decompress');
      out.set(value, written);
      written += value.length;
    }
  } catch (e) {
    stopped = true;
    inflated.cancel().catch(() => undefined);
    body.cancel();
    if (body.failure) throw body.failure;
    if (e instanceof DataLoadError) throw e;
    // The body ended without a network error (a browser reports a cut-off transfer as one):
    // the server sent a damaged or wrong file.
    const detail = e instanceof Error ? e.message : String(e);
    const short = body.received < entry.gzipBytes ? `; the server sent ${bytesOf(body.received, entry.gzipBytes)}` : '';
    throw new DataLoadError(entry.path, 'decompress', `corrupt gzip data: ${detail}${short}`, SERVER_DATA_ADVICE, false, { cause: e });
  }
  await feed;
  if (body.failure) throw body.failure;
  return written;
}

/**
 * The decompressed file: exactly `entry.bytes` bytes, or a DataLoadError naming the file
 * and the step that failed (an AbortError when `signal` is aborted).
 */
export async function receiveFile(res: Response, entry: DataFileEntry, progress: ReceiveProgress, signal?: AbortSignal): Promise<Uint8Array> {
  const stream = res.body ?? new Blob([await res.arrayBuffer()]).stream();
  const body = new BodyReader(stream, entry, signal);
  const out = new Uint8Array(entry.bytes);
  const first = await head(body, entry.gzipBytes);
  const gzip = first !== null && isGzip(first);
  const written = gzip ? await inflate(body, first, entry, out, progress) : await copyPlain(body, first, entry, out, progress);
  if (written < entry.bytes) {
    const what = gzip ? 'after decompression' : 'received';
    throw new DataLoadError(entry.path, 'verify', `${bytesOf(written, entry.bytes)} ${what}: shorter than the manifest declares`, SERVER_DATA_ADVICE, false);
  }
  progress(1, 1);
  return out;
}
