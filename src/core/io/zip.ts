// ZIP archives through fflate (a maintained zip/deflate library): the export writes one
// deflated archive, and the import reads what the export wrote as well as the same files
// re-packed by an ordinary `zip` (stored or deflated entries).
//
// Reading is bounded before anything is inflated: the sizes the central directory declares
// are checked against a limit (entry count, each entry and the total), and fflate inflates
// each entry into a buffer of exactly its declared size, so a zip bomb is refused from its
// directory instead of being inflated. fflate does not check CRC-32s; every entry is checked
// here, which also catches an entry that inflates to something other than its declared bytes.

import { unzipSync, zipSync, type Zippable } from 'fflate';
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

/** The CRC-32 each central-directory entry declares, by name (fflate does not expose it). */
function declaredCrcs(data: Uint8Array, count: number): Map<string, number> {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
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

/**
 * Reads a ZIP archive's file entries (stored or deflated), refusing it from its directory
 * when it declares more than `limits` allow; throws a plain message on anything corrupt.
 */
export function readZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipEntry[] {
  let entries = 0;
  let declared = 0;
  const seen = new Set<string>();
  const refuse = (why: string): never => {
    throw new ZipRefusal(why);
  };
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(data, {
      filter: (f) => {
        if (++entries > limits.maxEntries) refuse(`the ZIP archive has more than ${limits.maxEntries} entries`);
        if (f.name.endsWith('/')) return false;
        // fflate collects entries in a plain object: a repeated name (or "__proto__") would hide one
        if (seen.has(f.name) || f.name === '__proto__') refuse(`the ZIP archive holds ${clip(f.name)} more than once`);
        seen.add(f.name);
        if (f.compression !== 0 && f.compression !== 8) {
          refuse(`${clip(f.name)} is compressed with method ${f.compression} in the ZIP archive; only stored and deflated entries are read`);
        }
        declared += f.originalSize;
        if (f.originalSize > limits.maxBytes || declared > limits.maxBytes) {
          refuse(`the ZIP archive unpacks to more than ${(limits.maxBytes / 1048576).toFixed(0)} MB (${clip(f.name)} alone declares ${f.originalSize.toLocaleString('en-US')} bytes)`);
        }
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ZipRefusal) throw e;
    throw new Error(`the ZIP archive is corrupt or truncated (${clip(e instanceof Error ? e.message : String(e))})`);
  }
  const crcs = declaredCrcs(data, entries);
  const out: ZipEntry[] = [];
  const bad: string[] = [];
  for (const [name, bytes] of Object.entries(files)) {
    if (crcs.get(name) !== crc32(bytes)) bad.push(name);
    out.push({ name, data: bytes });
  }
  if (bad.length) throw new Error(`the ZIP entries ${listOf(bad)} fail their checksum`);
  return out;
}
