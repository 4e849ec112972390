// The manifest written by scripts/prepare-data.ts next to the compressed data files:
// what each file holds, its sizes and its checksum, so the loader can verify what it got.

export const MANIFEST_VERSION = 1;

export interface DataFileEntry {
  /** Path relative to the data directory, e.g. "mnist/train-images-idx3-ubyte.gz". */
  readonly path: string;
  /** Size after decompression. */
  readonly bytes: number;
  /** Size on the wire (gzip). */
  readonly gzipBytes: number;
  /** SHA-256 of the decompressed bytes, lower-case hex. */
  readonly sha256: string;
}

export interface MnistManifest {
  readonly train: number;
  readonly test: number;
  readonly files: {
    readonly trainImages: DataFileEntry;
    readonly trainLabels: DataFileEntry;
    readonly testImages: DataFileEntry;
    readonly testLabels: DataFileEntry;
  };
}

export interface DataManifest {
  readonly version: number;
  readonly mnist: MnistManifest;
}

/** Checks the manifest's shape; throws a message naming the first problem. */
export function validateManifest(value: unknown): DataManifest {
  const fail = (what: string): never => {
    throw new Error(`data manifest: ${what}`);
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const m = value as Record<string, unknown>;
  if (m.version !== MANIFEST_VERSION) fail(`version ${String(m.version)}, expected ${MANIFEST_VERSION}`);
  const mnist = m.mnist as Record<string, unknown> | undefined;
  if (!mnist || typeof mnist !== 'object') return fail('missing "mnist" section');
  if (!Number.isInteger(mnist.train) || !Number.isInteger(mnist.test)) fail('mnist counts missing');
  const files = mnist.files as Record<string, unknown> | undefined;
  if (!files) return fail('mnist.files missing');
  for (const key of ['trainImages', 'trainLabels', 'testImages', 'testLabels']) {
    const f = files[key] as Record<string, unknown> | undefined;
    if (!f || typeof f.path !== 'string' || typeof f.sha256 !== 'string' || !Number.isInteger(f.bytes)) {
      fail(`mnist.files.${key} is incomplete`);
    }
  }
  return value as DataManifest;
}
