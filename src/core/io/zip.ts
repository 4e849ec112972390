// ZIP archives through fflate (a maintained zip/deflate library): the export writes one
// deflated archive, and the import reads what the export wrote as well as the same files
// re-packed by an ordinary `zip` (stored or deflated entries).
//
// Reading is bounded: the sizes the central directory declares are checked against a limit
// (entry count, each entry and the total) before anything is inflated, so a zip bomb is
// refused from its directory; and an entry whose directory lies about its size is inflated
// in small steps and stopped as soon as it passes the declared size, so neither memory nor
// time grows with what the stream would expand to. fflate does not check CRC-32s: every
// entry is checked here.

import { Unzip, UnzipInflate, unzipSync, zipSync, type Zippable } from 'fflate';
import { clip, listOf } from './echo';

export interface ZipEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

/** A ZIP archive refused by its directory (too large, too many entries, an unknown method, a repeated name). */
export class ZipRefusal extends Error {
  override readonly name = 'ZipRefusal';
}

export interface ZipLimits {
  /** Largest total of the entries' uncompressed sizes. */
  readonly maxBytes: number;
  /** Most entries (directories included). */
  readonly maxEntries: number;
}

/** PruneLab's exports hold a handful of files under 10 MB; the import limit applies to the unpacked bytes too. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxBytes: 64 * 1024 * 1024, maxEntries: 64 };

const LOCAL = 0x04034b50;
/** Fixed modification time, so the same model always gives the same bytes (fflate's range starts in 1980). */
const FIXED_MTIME = new Date(1980, 0, 1, 12, 0, 0);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, as ZIP uses it). */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function isZip(data: Uint8Array): boolean {
  return data.length >= 4 && new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0, true) === LOCAL;
}

/** Writes a deflated ZIP archive (entries in the given order, fixed timestamps). */
export function writeZip(entries: readonly ZipEntry[], level: 0 | 6 | 9 = 6): Uint8Array {
  const files: Zippable = {};
  for (const e of entries) {
    if (e.name in files) throw new Error(`duplicate ZIP entry ${e.name}`);
    files[e.name] = [e.data, { level, mtime: FIXED_MTIME }];
  }
  return zipSync(files, { level, mtime: FIXED_MTIME });
}

/** Where the end-of-central-directory record starts, or -1. */
function endRecord(view: DataView): number {
  for (let i = view.byteLength - 22; i >= Math.max(0, view.byteLength - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) return i;
  }
  return -1;
}

/**
 * Checks that the entry count the end record declares is the number of entries its central
 * directory holds (fflate trusts the count and would read past the directory into file
 * data, then report nonsense such as "compression method 65535"). Null when they agree.
 */
export function entryCountProblem(data: Uint8Array): string | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = endRecord(view);
  if (end < 0) return null; // no end record: fflate's own message says the archive is invalid
  const declared = view.getUint16(end + 10, true);
  if (declared === 0xffff) return null; // ZIP64: left to fflate
  const size = view.getUint32(end + 12, true);
  const start = view.getUint32(end + 16, true);
  let at = start;
  let found = 0;
  while (at + 46 <= Math.min(start + size, end) && view.getUint32(at, true) === 0x02014b50) {
    found++;
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  if (found === declared) return null;
  return `the ZIP archive's end record declares ${declared.toLocaleString('en-US')} entries but its central directory holds ${found.toLocaleString('en-US')}: the archive is damaged or was altered`;
}

/** The CRC-32 each central-directory entry declares, by name (fflate does not expose it). */
function declaredCrcs(data: Uint8Array, count: number): Map<string, number> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const end = endRecord(view);
  const crcs = new Map<string, number>();
  if (end < 0) return crcs;
  let at = view.getUint32(end + 16, true);
  const dec = new TextDecoder();
  for (let i = 0; i < count && at + 46 <= data.length && view.getUint32(at, true) === 0x02014b50; i++) {
    const nameLen = view.getUint16(at + 28, true);
    const name = dec.decode(data.subarray(at + 46, at + 46 + nameLen));
    crcs.set(name, view.getUint32(at + 16, true));
    at += 46 + nameLen + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return crcs;
}

/** Compressed bytes handed to the inflater at a time: it can expand at most ~1032× before the bound is checked again. */
const INFLATE_STEP = 16 * 1024;

interface DirectoryEntry {
  readonly originalSize: number;
  readonly compression: number;
}

/** The central directory (via fflate, nothing inflated), refused when it declares more than `limits` allow. */
function readDirectory(data: Uint8Array, limits: ZipLimits): Map<string, DirectoryEntry> {
  const lie = entryCountProblem(data);
  if (lie !== null) throw new Error(lie);
  const entries = new Map<string, DirectoryEntry>();
  let count = 0;
  let declared = 0;
  const refuse = (why: string): never => {
    throw new ZipRefusal(why);
  };
  try {
    unzipSync(data, {
      filter: (f) => {
        if (++count > limits.maxEntries) refuse(`the ZIP archive has more than ${limits.maxEntries} entries`);
        if (f.name.endsWith('/')) return false;
        if (entries.has(f.name)) refuse(`the ZIP archive holds ${clip(f.name)} more than once`);
        if (f.compression !== 0 && f.compression !== 8) {
          refuse(`${clip(f.name)} is compressed with method ${f.compression} in the ZIP archive; only stored and deflated entries are read`);
        }
        declared += f.originalSize;
        if (f.originalSize > limits.maxBytes || declared > limits.maxBytes) {
          refuse(`the ZIP archive unpacks to more than ${(limits.maxBytes / 1048576).toFixed(0)} MB (${clip(f.name)} alone declares ${f.originalSize.toLocaleString('en-US')} bytes)`);
        }
        entries.set(f.name, { originalSize: f.originalSize, compression: f.compression });
        return false; // listed only: the entries are inflated below, in bounded steps
      },
    });
  } catch (e) {
    if (e instanceof ZipRefusal) throw e;
    throw new Error(`the ZIP archive is corrupt or truncated (${clip(e instanceof Error ? e.message : String(e))})`);
  }
  return entries;
}

/**
 * Reads a ZIP archive's file entries (stored or deflated). The central directory is read
 * first and refused when it declares more than `limits` allow; then fflate's streaming
 * unzip is fed INFLATE_STEP bytes at a time and stops as soon as an entry inflates past
 * the size its directory declares. Every entry's CRC-32 is checked. Throws a plain message
 * on anything corrupt.
 */
export function readZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  const directory = readDirectory(data, limits);
  const crcs = declaredCrcs(data, limits.maxEntries);
  const out: ZipEntry[] = [];
  let refused: string | null = null;
  let failed: string | null = null;
  const unzip = new Unzip((file) => {
    const entry = directory.get(file.name);
    if (!entry) return; // a directory, or a local entry the central directory does not list: not read
    const parts: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (err) {
        failed ??= err.message;
        return;
      }
      size += chunk.length;
      if (size > entry.originalSize) {
        refused ??= `${clip(file.name)} inflates past the ${entry.originalSize.toLocaleString('en-US')} bytes the ZIP directory declares`;
        file.terminate();
        return;
      }
      parts.push(chunk);
      if (final) out.push({ name: file.name, data: concat(parts, size) });
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < data.length && refused === null && failed === null; at += INFLATE_STEP) {
      unzip.push(data.subarray(at, at + INFLATE_STEP), at + INFLATE_STEP >= data.length);
    }
  } catch (e) {
    failed ??= e instanceof Error ? e.message : String(e);
  }
  if (refused !== null) throw new ZipRefusal(`the ZIP archive is refused: ${refused}`);
  if (failed !== null) throw new Error(`the ZIP archive is corrupt or truncated (${clip(failed)})`);
  const missing = [...directory.keys()].filter((name) => !out.some((e) => e.name === name));
  if (missing.length) throw new Error(`the ZIP archive is corrupt: ${listOf(missing)} could not be read`);
  const bad = out.filter((e) => crcs.get(e.name) !== crc32(e.data) || e.data.length !== directory.get(e.name)?.originalSize).map((e) => e.name);
  if (bad.length) throw new Error(`the ZIP entries ${listOf(bad)} fail their checksum`);
  return out;
}

function concat(parts: readonly Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
