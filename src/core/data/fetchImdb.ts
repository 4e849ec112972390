// Loads the prepared IMDB files (see scripts/build/prepare-data.ts) in the worker: fetches them
// through fetchData's checked downloads, decodes the token ids (tokenCodec.ts), the
// little-endian offsets and the vocabulary JSON, and validates everything, with messages precise enough to show the user.

import { fetchAll, fetchManifest, type LoadOptions } from './fetchData';
import type { DataManifest, ImdbManifest } from './manifest';
import { DataFormatError } from './idx';
import { decodeTokens } from './tokenCodec';
import { IMDB_VOCAB_SIZE, tokenize, validateTextSet, Vocabulary, VOCAB_WORDS, type TextSet } from './imdb';

export interface Imdb {
  readonly train: TextSet;
  readonly test: TextSet;
  readonly vocab: Vocabulary;
}

/** The seven decompressed IMDB files, named as in the manifest. */
export interface ImdbFiles {
  readonly vocab: Uint8Array;
  readonly trainTokens: Uint8Array;
  readonly trainOffsets: Uint8Array;
  readonly trainLabels: Uint8Array;
  readonly testTokens: Uint8Array;
  readonly testOffsets: Uint8Array;
  readonly testLabels: Uint8Array;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Checks the length and returns bytes whose start is aligned for `width`-byte values. */
function aligned(bytes: Uint8Array, width: number, name: string): Uint8Array {
  if (bytes.length % width !== 0) {
    throw new DataFormatError(`${name}: ${bytes.length} bytes is not a whole number of ${width}-byte values`);
  }
  // Typed-array views need an aligned start: copy into a fresh buffer if it is not.
  return bytes.byteOffset % width === 0 ? bytes : bytes.slice();
}

function uint32LE(bytes: Uint8Array, name: string): Uint32Array {
  const b = aligned(bytes, 4, name);
  if (HOST_LITTLE_ENDIAN) return new Uint32Array(b.buffer, b.byteOffset, b.length / 4);
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Uint32Array.from({ length: b.length / 4 }, (_, i) => view.getUint32(4 * i, true));
}

/** Parses vocab.json: `{ "words": [...] }` with VOCAB_WORDS unique, non-empty, normalised words. */
export function parseVocabulary(bytes: Uint8Array, name = 'imdb vocab.json'): Vocabulary {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new DataFormatError(`${name}: not valid UTF-8 JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const words: unknown = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).words : undefined;
  if (!Array.isArray(words)) throw new DataFormatError(`${name}: expected an object { "words": [...] }`);
  if (words.length !== VOCAB_WORDS) {
    throw new DataFormatError(`${name}: ${words.length} words, expected ${VOCAB_WORDS}`);
  }
  const seen = new Map<string, number>();
  words.forEach((w: unknown, i) => {
    if (typeof w !== 'string' || w === '') {
      throw new DataFormatError(`${name}: word ${i} is ${JSON.stringify(w)}, not a non-empty string`);
    }
    const first = seen.get(w);
    if (first !== undefined) throw new DataFormatError(`${name}: word ${i} "${w}" repeats word ${first}`);
    seen.set(w, i);
    const t = tokenize(w);
    if (t.length !== 1 || t[0] !== w) throw new DataFormatError(`${name}: word ${i} "${w}" is not a tokeniser word`);
  });
  return new Vocabulary(words as string[]);
}

function decodeTextSet(tokens: Uint8Array, offsets: Uint8Array, labels: Uint8Array, name: string): TextSet {
  return validateTextSet(
    {
      tokens: decodeTokens(tokens, `${name} tokens`),
      offsets: uint32LE(offsets, `${name} offsets`),
      labels,
      count: labels.length,
      vocabSize: IMDB_VOCAB_SIZE,
    },
    name,
  );
}

/** Decodes and validates the IMDB files; `expected` holds the manifest's review counts. */
export function decodeImdb(files: ImdbFiles, expected?: { readonly train: number; readonly test: number }): Imdb {
  const vocab = parseVocabulary(files.vocab);
  const train = decodeTextSet(files.trainTokens, files.trainOffsets, files.trainLabels, 'imdb train');
  const test = decodeTextSet(files.testTokens, files.testOffsets, files.testLabels, 'imdb test');
  for (const [set, name] of [[train, 'train'], [test, 'test']] as const) {
    if (expected && set.count !== expected[name]) {
      throw new DataFormatError(`imdb ${name}: ${set.count} reviews, the manifest says ${expected[name]}`);
    }
  }
  return { train, test, vocab };
}

function checkVocabSize(m: ImdbManifest): void {
  if (m.vocabSize !== IMDB_VOCAB_SIZE) {
    throw new DataFormatError(
      `data manifest: imdb vocabulary size ${m.vocabSize}, this version expects ${IMDB_VOCAB_SIZE} ` +
        '(run "npm run prepare-data")',
    );
  }
}

function checkCount(set: TextSet, name: 'train' | 'test', m: ImdbManifest): TextSet {
  if (set.count !== m[name]) throw new DataFormatError(`imdb ${name}: ${set.count} reviews, the manifest says ${m[name]}`);
  return set;
}

/** Loads and validates the vocabulary and the test reviews (all the trained start needs). */
export async function loadImdbTest(manifest: DataManifest, opts: LoadOptions): Promise<Pick<Imdb, 'test' | 'vocab'>> {
  const m = manifest.imdb;
  checkVocabSize(m);
  const f = m.files;
  const [vocab, tokens, offsets, labels] = await fetchAll([f.vocab, f.testTokens, f.testOffsets, f.testLabels], opts);
  return { vocab: parseVocabulary(vocab), test: checkCount(decodeTextSet(tokens, offsets, labels, 'imdb test'), 'test', m) };
}

/** Loads and validates the training reviews. */
export async function loadImdbTrain(manifest: DataManifest, opts: LoadOptions): Promise<TextSet> {
  const m = manifest.imdb;
  const f = m.files;
  const [tokens, offsets, labels] = await fetchAll([f.trainTokens, f.trainOffsets, f.trainLabels], opts);
  return checkCount(decodeTextSet(tokens, offsets, labels, 'imdb train'), 'train', m);
}

/** Loads and validates the IMDB reviews (both splits) and their vocabulary. */
export async function loadImdb(opts: LoadOptions): Promise<Imdb> {
  const manifest = await fetchManifest(opts);
  const m = manifest.imdb;
  checkVocabSize(m);
  const f = m.files;
  const [vocab, trainTokens, trainOffsets, trainLabels, testTokens, testOffsets, testLabels] = await fetchAll(
    [f.vocab, f.trainTokens, f.trainOffsets, f.trainLabels, f.testTokens, f.testOffsets, f.testLabels],
    opts,
  );
  return decodeImdb({ vocab, trainTokens, trainOffsets, trainLabels, testTokens, testOffsets, testLabels }, m);
}
