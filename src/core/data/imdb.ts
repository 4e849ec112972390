// IMDB sentiment reviews as token ids: the text normalisation and tokeniser shared by
// scripts/build/prepare-data.ts (Node, at install time) and the worker, the vocabulary, the
// compact TextSet layout (one flat Uint16 token array + offsets) with its validator,
// and the bag-of-words features the models read.

import { DataFormatError } from './idx';

/** Token id of padding (never produced by `encode`, never counted by `bagOfWords`). */
export const PAD_ID = 0;
/** Token id of every word outside the vocabulary. */
export const UNK_ID = 1;
/** Words kept in the vocabulary (the most frequent of the training half). */
export const VOCAB_WORDS = 10000;
/** Ids 0 (padding), 1 (unknown) and 2..10001 (words). */
export const IMDB_VOCAB_SIZE = VOCAB_WORDS + 2;
/**
 * Seed of the one shuffle that splits the deduplicated reviews into train and test.
 * Fixed forever: changing it changes which reviews are test data (and every result).
 */
export const IMDB_SPLIT_SEED = 20110619;

const BREAK_TAG = /<br\s*\/?\s*>/g;
const CURLY_APOSTROPHE = /[\u2018\u2019]/g;
const COMBINING_MARK = /\p{M}/gu;
const NON_ASCII = /[\u0080-\uffff]/;
/**
 * A word: a run of ASCII letters and digits, optionally joined by single inner
 * apostrophes ("don't", "costner's"); a leading or trailing apostrophe is not part of it.
 */
const WORD = /[a-z0-9]+(?:'[a-z0-9]+)*/g;

/**
 * Lower-cases, replaces every line-break tag (`<br />`, `<br/>`, `<br>`) with a space,
 * turns typographic apostrophes (’ ‘) into ' and removes accents (é → e, via NFD), so
 * "Café" and "cafe" are one word. Other non-ASCII characters end up as word separators.
 */
export function normaliseReview(text: string): string {
  let s = text.toLowerCase().replace(BREAK_TAG, ' ');
  if (NON_ASCII.test(s)) s = s.replace(CURLY_APOSTROPHE, "'").normalize('NFD').replace(COMBINING_MARK, '');
  return s;
}

/** Normalises `text` and returns its words in order (see WORD). */
export function tokenize(text: string): string[] {
  return normaliseReview(text).match(WORD) ?? [];
}

/** Maps words to ids 2.. (in the given order) and back; anything else is UNK_ID. */
export class Vocabulary {
  readonly words: readonly string[];
  /** Number of ids, padding and unknown included: words.length + 2. */
  readonly size: number;
  private readonly ids: Map<string, number>;

  constructor(words: readonly string[]) {
    if (words.length + 2 > 65536) throw new RangeError(`vocabulary of ${words.length} words does not fit Uint16 ids`);
    this.words = words;
    this.size = words.length + 2;
    this.ids = new Map();
    words.forEach((w, i) => {
      if (w === '') throw new DataFormatError(`vocabulary: word ${i} is empty`);
      const first = this.ids.get(w);
      if (first !== undefined) throw new DataFormatError(`vocabulary: word ${i} "${w}" repeats word ${first - 2}`);
      this.ids.set(w, i + 2);
    });
  }

  idOf(word: string): number {
    return this.ids.get(word) ?? UNK_ID;
  }

  /** The word of an id; "<pad>" and "<unk>" for the two reserved ids. */
  wordOf(id: number): string {
    if (id === PAD_ID) return '<pad>';
    if (id === UNK_ID) return '<unk>';
    if (!Number.isInteger(id) || id < 0 || id >= this.size) {
      throw new RangeError(`token id ${id} is outside the vocabulary (0..${this.size - 1})`);
    }
    return this.words[id - 2];
  }
}

/** Token ids of `tokens`; words outside the vocabulary become UNK_ID (never PAD_ID). */
export function encode(tokens: readonly string[], vocab: Vocabulary): Uint16Array {
  const out = new Uint16Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) out[i] = vocab.idOf(tokens[i]);
  return out;
}

/** A labelled set of variable-length reviews in one flat token array. */
export interface TextSet {
  /** All reviews' token ids, back to back (no padding). */
  readonly tokens: Uint16Array;
  /** count + 1 entries: review i is tokens[offsets[i] .. offsets[i + 1]); offsets[0] = 0. */
  readonly offsets: Uint32Array;
  /** 0 = negative, 1 = positive. */
  readonly labels: Uint8Array;
  readonly count: number;
  /** Exclusive upper bound of the token ids. */
  readonly vocabSize: number;
}

/** The token ids of review `i` (a view). */
export function reviewTokens(set: TextSet, i: number): Uint16Array {
  return set.tokens.subarray(set.offsets[i], set.offsets[i + 1]);
}

/** Keeps the first `n` reviews (the prepared files are already shuffled); views, no copy. */
export function takeFirstTexts(set: TextSet, n: number): TextSet {
  const count = Math.max(0, Math.min(Math.floor(n), set.count));
  return {
    tokens: set.tokens.subarray(0, set.offsets[count]),
    offsets: set.offsets.subarray(0, count + 1),
    labels: set.labels.subarray(0, count),
    count,
    vocabSize: set.vocabSize,
  };
}

/** Index of the review that holds token position `pos` (offsets are validated). */
function reviewAt(offsets: Uint32Array, pos: number): number {
  let lo = 0;
  let hi = offsets.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Checks every invariant of a TextSet; throws a DataFormatError naming the first problem. */
export function validateTextSet(set: TextSet, name: string): TextSet {
  const fail = (what: string): never => {
    throw new DataFormatError(`${name}: ${what}`);
  };
  const { tokens, offsets, labels, count, vocabSize } = set;
  if (!(tokens instanceof Uint16Array)) fail('tokens are not a Uint16Array');
  if (!(offsets instanceof Uint32Array)) fail('offsets are not a Uint32Array');
  if (!(labels instanceof Uint8Array)) fail('labels are not a Uint8Array');
  if (!Number.isInteger(count) || count < 0) fail(`count ${count} is not a non-negative integer`);
  if (!Number.isInteger(vocabSize) || vocabSize < 2 || vocabSize > 65536) {
    fail(`vocabulary size ${vocabSize} is not an integer in 2..65536`);
  }
  if (labels.length !== count) fail(`${labels.length} labels for ${count} reviews`);
  if (offsets.length !== count + 1) fail(`${offsets.length} offsets for ${count} reviews (expected ${count + 1})`);
  if (offsets[0] !== 0) fail(`offsets start at ${offsets[0]}, not 0`);
  for (let i = 1; i <= count; i++) {
    if (offsets[i] < offsets[i - 1]) {
      fail(`offsets[${i}] = ${offsets[i]} is less than offsets[${i - 1}] = ${offsets[i - 1]} (offsets must not decrease)`);
    }
  }
  if (offsets[count] !== tokens.length) {
    fail(`last offset ${offsets[count]} differs from the ${tokens.length} tokens (data cut short or padded?)`);
  }
  for (let p = 0; p < tokens.length; p++) {
    const id = tokens[p];
    if (id === PAD_ID || id >= vocabSize) {
      const r = reviewAt(offsets, p);
      const what = id === PAD_ID ? 'the padding id 0' : `id ${id}, outside 1..${vocabSize - 1}`;
      fail(`token ${p - offsets[r]} of review ${r} (position ${p}) is ${what}`);
    }
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] > 1) fail(`label ${labels[i]} of review ${i} is not 0 or 1`);
  }
  return set;
}

/**
 * Bag-of-words features: out[id] = (occurrences of id) / (number of non-padding tokens).
 * PAD_ID is skipped; an empty review gives all zeros. Writes into `out` (cleared first,
 * length vocabSize) when given, so batch rows can share one buffer.
 */
export function bagOfWords(ids: ArrayLike<number>, vocabSize: number, out?: Float32Array): Float32Array {
  const row = out ?? new Float32Array(vocabSize);
  if (row.length !== vocabSize) throw new RangeError(`output has ${row.length} entries, expected ${vocabSize}`);
  if (out) row.fill(0);
  let real = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === PAD_ID) continue;
    if (!(id > 0 && id < vocabSize) || !Number.isInteger(id)) {
      throw new RangeError(`token id ${id} at position ${i} is outside 0..${vocabSize - 1}`);
    }
    real++;
  }
  if (real === 0) return row;
  const inv = 1 / real;
  for (let i = 0; i < ids.length; i++) if (ids[i] !== PAD_ID) row[ids[i]] += inv;
  return row;
}
