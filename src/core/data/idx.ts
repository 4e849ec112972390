// Validating parser for the IDX format used by the official MNIST files.
// Shared by scripts/build/prepare-data.ts (Node) and the in-browser loader, so both reject
// corrupt input with the same precise message.

export class DataFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFormatError';
  }
}

export interface IdxArray {
  /** Dimension sizes from the header, e.g. [60000, 28, 28]. */
  readonly dims: readonly number[];
  /** The payload, a view into the input buffer (unsigned bytes). */
  readonly data: Uint8Array;
}

export interface IdxExpectation {
  /** Human-readable name used in error messages, e.g. "train-images". */
  readonly name: string;
  /** Expected number of dimensions (1 for labels, 3 for images). */
  readonly rank: number;
  /** Expected sizes of all but the first dimension, e.g. [28, 28]. */
  readonly itemShape?: readonly number[];
  /** Expected item count (first dimension), if known. */
  readonly count?: number;
  /** Exclusive upper bound of every byte value (10 for digit labels). */
  readonly maxValueExclusive?: number;
}

const UBYTE_TYPE = 0x08;

/** Parses an IDX file of unsigned bytes and checks it against `expect`. */
export function parseIdx(bytes: Uint8Array, expect: IdxExpectation): IdxArray {
  const { name } = expect;
  if (bytes.length < 4) {
    throw new DataFormatError(`${name}: file is ${bytes.length} bytes, too short for an IDX header`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const magic = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
    throw new DataFormatError(`${name}: wrong magic number 0x${magic} (not an IDX file)`);
  }
  if (bytes[2] !== UBYTE_TYPE) {
    throw new DataFormatError(
      `${name}: unsupported IDX element type 0x${bytes[2].toString(16)} (expected 0x08, unsigned byte)`,
    );
  }
  const rank = bytes[3];
  if (rank !== expect.rank) {
    throw new DataFormatError(`${name}: IDX header declares ${rank} dimensions, expected ${expect.rank}`);
  }
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw new DataFormatError(`${name}: truncated header (${bytes.length} of ${headerBytes} bytes)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));

  if (expect.itemShape) {
    const got = dims.slice(1);
    if (got.length !== expect.itemShape.length || got.some((d, i) => d !== expect.itemShape?.[i])) {
      throw new DataFormatError(
        `${name}: item shape ${got.join('×')} does not match expected ${expect.itemShape.join('×')}`,
      );
    }
  }
  if (expect.count !== undefined && dims[0] !== expect.count) {
    throw new DataFormatError(`${name}: header says ${dims[0]} items, expected ${expect.count}`);
  }
  const payload = dims.reduce((a, b) => a * b, 1);
  const available = bytes.length - headerBytes;
  if (available < payload) {
    throw new DataFormatError(
      `${name}: truncated data (${available} of ${payload} payload bytes; file cut short?)`,
    );
  }
  if (available > payload) {
    throw new DataFormatError(`${name}: ${available - payload} unexpected trailing bytes after the payload`);
  }
  const data = bytes.subarray(headerBytes, headerBytes + payload);
  if (expect.maxValueExclusive !== undefined) {
    const limit = expect.maxValueExclusive;
    for (let i = 0; i < data.length; i++) {
      if (data[i] >= limit) {
        throw new DataFormatError(
          `${name}: value ${data[i]} at item ${Math.floor(i / (payload / dims[0]))} is out of range 0..${limit - 1}`,
        );
      }
    }
  }
  return { dims, data };
}

/** Builds a valid IDX byte array (used by tests and tools). */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + data.length);
  const view = new DataView(out.buffer);
  out[2] = UBYTE_TYPE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, header);
  return out;
}
