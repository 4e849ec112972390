// The manifest written by scripts/build/prepare-data.ts next to the compressed data files:
// what each file holds, its sizes and its checksum, so the loader can verify what it got.

import { isModelId, type ModelId } from '../models/catalog';
import { TOKEN_ENCODING } from './tokenCodec';

/** 2: adds the IMDB section; 3: adds the trained models the page can start from. */
export const MANIFEST_VERSION = 3;

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

export interface ImdbManifest {
  /** Reviews in each split. */
  readonly train: number;
  readonly test: number;
  /** Token ids are < vocabSize (10,002: padding, unknown, 10,000 words). */
  readonly vocabSize: number;
  /** Exact duplicate reviews dropped before the split. */
  readonly duplicates: number;
  /** How the token files encode ids (tokenCodec.ts); the loader refuses any other. */
  readonly tokenEncoding: typeof TOKEN_ENCODING;
  readonly files: {
    /** JSON `{ "words": [...] }`, the word of id 2 first. */
    readonly vocab: DataFileEntry;
    /** Token ids of all reviews back to back, one or two bytes each (tokenCodec.ts). */
    readonly trainTokens: DataFileEntry;
    /** Little-endian Uint32, train + 1 entries, counting tokens (not bytes). */
    readonly trainOffsets: DataFileEntry;
    /** One byte per review, 0 or 1. */
    readonly trainLabels: DataFileEntry;
    readonly testTokens: DataFileEntry;
    readonly testOffsets: DataFileEntry;
    readonly testLabels: DataFileEntry;
  };
}

/** A model trained with the tutorial's settings that ships with the app (?start=trained), and where it came from. */
export interface TrainedModelEntry {
  readonly files: { readonly model: DataFileEntry; readonly weights: DataFileEntry };
  readonly epochs: number;
  readonly seed: number;
  readonly train: number;
  /** Test accuracy measured when it was trained (the page measures it again). */
  readonly testAccuracy: number;
  /** Test accuracy after each epoch of that training run, in order (absent from older manifests). */
  readonly epochAccuracies?: readonly number[];
  /** Wall time of that training run (s; absent from older manifests). */
  readonly trainSeconds?: number;
  readonly backend: string;
  readonly commit: string;
  readonly date: string;
  readonly script: string;
}

export interface DataManifest {
  readonly version: number;
  readonly mnist: MnistManifest;
  readonly imdb: ImdbManifest;
  /** Trained models by model id (absent when none was built). */
  readonly trained: Readonly<Partial<Record<ModelId, TrainedModelEntry>>>;
}

const MNIST_FILES = ['trainImages', 'trainLabels', 'testImages', 'testLabels'] as const;
const IMDB_FILES = [
  'vocab',
  'trainTokens',
  'trainOffsets',
  'trainLabels',
  'testTokens',
  'testOffsets',
  'testLabels',
] as const;

const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

/** No data file is larger than this: a manifest declaring more is corrupt (and must not size a buffer). */
export const MAX_FILE_BYTES = 256 * 2 ** 20;

/** Checks the manifest's shape; throws a message naming the first problem. */
export function validateManifest(value: unknown): DataManifest {
  const fail = (what: string): never => {
    throw new Error(`data manifest: ${what}`);
  };
  const section = (parent: Record<string, unknown>, key: string, where: string): Record<string, unknown> => {
    const v = parent[key];
    if (typeof v !== 'object' || v === null) return fail(`missing ${where}`);
    return v as Record<string, unknown>;
  };
  const checkFiles = (files: Record<string, unknown>, keys: readonly string[], where: string) => {
    for (const key of keys) {
      const f = files[key] as Record<string, unknown> | undefined;
      if (
        !f ||
        typeof f.path !== 'string' ||
        typeof f.sha256 !== 'string' ||
        !isCount(f.bytes) ||
        !isCount(f.gzipBytes)
      ) {
        fail(`${where}.${key} is incomplete`);
      } else if ((f.bytes as number) > MAX_FILE_BYTES || (f.gzipBytes as number) > MAX_FILE_BYTES) {
        fail(`${where}.${key} declares more than ${MAX_FILE_BYTES} bytes`);
      }
    }
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const m = value as Record<string, unknown>;
  if (m.version !== MANIFEST_VERSION) {
    fail(`version ${String(m.version)}, expected ${MANIFEST_VERSION} (run "npm run prepare-data")`);
  }
  const mnist = section(m, 'mnist', 'the "mnist" section');
  if (!Number.isInteger(mnist.train) || !Number.isInteger(mnist.test)) fail('mnist counts missing');
  checkFiles(section(mnist, 'files', '"mnist.files"'), MNIST_FILES, 'mnist.files');
  const imdb = section(m, 'imdb', 'the "imdb" section');
  for (const key of ['train', 'test', 'vocabSize', 'duplicates']) {
    if (!isCount(imdb[key])) fail(`imdb.${key} is not a non-negative integer`);
  }
  if (imdb.tokenEncoding !== TOKEN_ENCODING) {
    fail(`imdb.tokenEncoding is ${JSON.stringify(imdb.tokenEncoding)}, expected "${TOKEN_ENCODING}" (run "npm run prepare-data")`);
  }
  checkFiles(section(imdb, 'files', '"imdb.files"'), IMDB_FILES, 'imdb.files');
  const trained = section(m, 'trained', 'the "trained" section');
  for (const [id, entry] of Object.entries(trained)) {
    if (!isModelId(id)) fail(`trained.${id} is not a model`);
    const t = entry as Record<string, unknown>;
    if (typeof t !== 'object' || t === null) fail(`trained.${id} is not an object`);
    checkFiles(section(t, 'files', `"trained.${id}.files"`), ['model', 'weights'], `trained.${id}.files`);
    if (!isCount(t.epochs) || !isCount(t.seed) || !isCount(t.train) || typeof t.testAccuracy !== 'number' || typeof t.commit !== 'string') fail(`trained.${id} is incomplete`);
  }
  return value as DataManifest;
}
