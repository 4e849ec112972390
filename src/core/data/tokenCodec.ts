// The byte encoding of the IMDB token files: word ids are ranked by frequency, so most are
// small. An id below 128 takes one byte; any other (up to 32,767) takes two, the first with
// its high bit set: 0x80 | (id >> 8), then id & 0xff. Gzipped, this is about 9 % smaller than
// the plain little-endian Uint16 array, and decodes to exactly the same ids.

import { DataFormatError } from './idx';

/** The manifest's name for this encoding. */
export const TOKEN_ENCODING = 'u8-or-u15';

/** The largest id two bytes can hold. */
export const MAX_TOKEN_ID = 0x7fff;

/** Encodes token ids, one or two bytes each. */
export function encodeTokens(ids: ArrayLike<number>): Uint8Array {
  let size = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id > MAX_TOKEN_ID) {
      throw new RangeError(`token ${i}: id ${id} cannot be encoded (0 to ${MAX_TOKEN_ID})`);
    }
    size += id < 0x80 ? 1 : 2;
  }
  const out = new Uint8Array(size);
  let p = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id < 0x80) out[p++] = id;
    else {
      out[p++] = 0x80 | (id >> 8);
      out[p++] = id & 0xff;
    }
  }
  return out;
}

/** Decodes `bytes` into token ids; `name` names the file in error messages. */
export function decodeTokens(bytes: Uint8Array, name: string): Uint16Array {
  let count = 0;
  for (let p = 0; p < bytes.length; p++, count++) if (bytes[p] & 0x80) p++;
  const out = new Uint16Array(count);
  let p = 0;
  for (let i = 0; i < count; i++) {
    const b = bytes[p++];
    if (!(b & 0x80)) {
      out[i] = b;
      continue;
    }
    if (p >= bytes.length) {
      throw new DataFormatError(`${name}: the data ends inside token ${i}'s two-byte id (file cut short?)`);
    }
    const id = ((b & 0x7f) << 8) | bytes[p++];
    if (id < 0x80) throw new DataFormatError(`${name}: token ${i} spends two bytes on id ${id} (not this encoding)`);
    out[i] = id;
  }
  return out;
}
