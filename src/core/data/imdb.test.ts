// Unit tests of the IMDB text primitives: normalisation, tokeniser, vocabulary, the
// TextSet validator, bag-of-words features and the loader's byte/vocabulary decoding.
import { describe, expect, it } from 'vitest';
import { decodeImdb, parseVocabulary } from './fetchImdb';
import { encodeTokens } from './tokenCodec';
import { DataFormatError } from './idx';
import {
  bagOfWords,
  encode,
  IMDB_VOCAB_SIZE,
  normaliseReview,
  PAD_ID,
  takeFirstTexts,
  tokenize,
  UNK_ID,
  validateTextSet,
  Vocabulary,
  VOCAB_WORDS,
  type TextSet,
} from './imdb';

/** Three reviews: [2 3] [] [4 1 4], labels 1 0 1, vocabulary size 5. */
const tiny = (): TextSet => ({
  tokens: Uint16Array.from([2, 3, 4, 1, 4]),
  offsets: Uint32Array.from([0, 2, 2, 5]),
  labels: Uint8Array.from([1, 0, 1]),
  count: 3,
  vocabSize: 5,
});

describe('normaliseReview and tokenize', () => {
  it('lower-cases and strips every <br> variant', () => {
    expect(normaliseReview('Great<br /><br />Film<br/>really<br>GOOD<BR />')).toBe('great  film really good ');
    expect(tokenize('Great<br /><br />Film<br/>really<br>GOOD<BR />')).toEqual(['great', 'film', 'really', 'good']);
  });

  it('keeps inner apostrophes and digits, drops punctuation and outer quotes', () => {
    expect(tokenize("Don't miss it: 10/10, Costner's 'best' film... rock'n'roll!")).toEqual([
      "don't", 'miss', 'it', '10', '10', "costner's", 'best', 'film', "rock'n'roll",
    ]);
    expect(tokenize("it’s café NAÏVE")).toEqual(["it's", 'cafe', 'naive']);
    expect(tokenize('  ...!!! ')).toEqual([]);
    expect(tokenize('')).toEqual([]);
  });
});

describe('Vocabulary and encode', () => {
  const vocab = new Vocabulary(['the', 'film', 'good']);

  it('maps words to 2.., reserves 0 and 1, and reports its size', () => {
    expect(vocab.size).toBe(5);
    expect([vocab.idOf('the'), vocab.idOf('film'), vocab.idOf('good')]).toEqual([2, 3, 4]);
    expect(vocab.idOf('missing')).toBe(UNK_ID);
    expect([vocab.wordOf(0), vocab.wordOf(1), vocab.wordOf(4)]).toEqual(['<pad>', '<unk>', 'good']);
    expect(() => vocab.wordOf(5)).toThrow(RangeError);
    expect(IMDB_VOCAB_SIZE).toBe(VOCAB_WORDS + 2);
  });

  it('encodes unknown words as 1, never 0', () => {
    const ids = encode(tokenize('The film was GOOD, the end'), vocab);
    expect(ids).toBeInstanceOf(Uint16Array);
    expect(Array.from(ids)).toEqual([2, 3, UNK_ID, 4, 2, UNK_ID]);
    expect(ids.includes(PAD_ID)).toBe(false);
  });

  it('rejects empty and repeated words', () => {
    expect(() => new Vocabulary(['a', ''])).toThrow('word 1 is empty');
    expect(() => new Vocabulary(['a', 'b', 'a'])).toThrow('word 2 "a" repeats word 0');
  });
});

describe('validateTextSet', () => {
  const broken = (patch: Partial<TextSet>) => () => validateTextSet({ ...tiny(), ...patch }, 'imdb train');

  it('accepts a valid set, empty reviews included', () => {
    expect(validateTextSet(tiny(), 'tiny').count).toBe(3);
  });

  it('names the first problem precisely', () => {
    expect(broken({ offsets: Uint32Array.from([1, 2, 2, 5]) })).toThrow('imdb train: offsets start at 1, not 0');
    expect(broken({ offsets: Uint32Array.from([0, 3, 2, 5]) })).toThrow(
      'offsets[2] = 2 is less than offsets[1] = 3 (offsets must not decrease)',
    );
    expect(broken({ offsets: Uint32Array.from([0, 2, 2, 4]) })).toThrow('last offset 4 differs from the 5 tokens');
    expect(broken({ offsets: Uint32Array.from([0, 2, 5]) })).toThrow('3 offsets for 3 reviews (expected 4)');
    expect(broken({ labels: Uint8Array.from([1, 0]) })).toThrow('2 labels for 3 reviews');
    expect(broken({ labels: Uint8Array.from([1, 0, 2]) })).toThrow('label 2 of review 2 is not 0 or 1');
    expect(broken({ tokens: Uint16Array.from([2, 3, 4, 5, 4]) })).toThrow(
      'token 1 of review 2 (position 3) is id 5, outside 1..4',
    );
    expect(broken({ tokens: Uint16Array.from([2, 3, 4, 1, 0]) })).toThrow(
      'token 2 of review 2 (position 4) is the padding id 0',
    );
    expect(broken({ count: -1 })).toThrow(DataFormatError);
  });
});

describe('takeFirstTexts', () => {
  it('keeps a prefix as views of the same buffers', () => {
    const set = tiny();
    const two = takeFirstTexts(set, 2);
    expect(two.count).toBe(2);
    expect(Array.from(two.tokens)).toEqual([2, 3]);
    expect(Array.from(two.offsets)).toEqual([0, 2, 2]);
    expect(Array.from(two.labels)).toEqual([1, 0]);
    expect(two.tokens.buffer).toBe(set.tokens.buffer);
    expect(validateTextSet(two, 'prefix')).toBe(two);
    expect(takeFirstTexts(set, 99).count).toBe(3);
    expect(takeFirstTexts(set, 0).tokens.length).toBe(0);
  });
});

describe('bagOfWords', () => {
  it('divides counts by the number of real tokens and ignores padding', () => {
    const row = bagOfWords([4, 2, 4, PAD_ID, PAD_ID, 1], 5);
    expect(Array.from(row)).toEqual([0, 0.25, 0.25, 0, 0.5].map(Math.fround));
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
  });

  it('gives zeros for an empty or all-padding review and clears a reused buffer', () => {
    const out = new Float32Array(5).fill(7);
    expect(Array.from(bagOfWords([], 5, out))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(bagOfWords([0, 0], 5))).toEqual([0, 0, 0, 0, 0]);
    bagOfWords([3], 5, out);
    expect(Array.from(bagOfWords([2, 2, 3], 5, out))).toEqual([0, 0, 2 / 3, 1 / 3, 0].map(Math.fround));
  });

  it('rejects ids outside the vocabulary and a wrong-sized buffer', () => {
    expect(() => bagOfWords([2, 5], 5)).toThrow('token id 5 at position 1 is outside 0..4');
    expect(() => bagOfWords([2], 5, new Float32Array(4))).toThrow(RangeError);
  });
});

describe('loader decoding (fetchImdb)', () => {
  const words = Array.from({ length: VOCAB_WORDS }, (_, i) => `w${i}`);
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

  it('parses a valid vocabulary and rejects bad ones precisely', () => {
    expect(parseVocabulary(json({ words })).size).toBe(IMDB_VOCAB_SIZE);
    expect(() => parseVocabulary(new Uint8Array([123, 34]))).toThrow('imdb vocab.json: not valid UTF-8 JSON');
    expect(() => parseVocabulary(json(words))).toThrow('expected an object { "words": [...] }');
    expect(() => parseVocabulary(json({ words: words.slice(1) }))).toThrow('9999 words, expected 10000');
    const withDup = [...words.slice(0, -1), 'w5'];
    expect(() => parseVocabulary(json({ words: withDup }))).toThrow('word 9999 "w5" repeats word 5');
    expect(() => parseVocabulary(json({ words: [...words.slice(0, -1), ''] }))).toThrow('word 9999 is "", not');
    expect(() => parseVocabulary(json({ words: [...words.slice(0, -1), 7] }))).toThrow('word 9999 is 7, not');
    expect(() => parseVocabulary(json({ words: [...words.slice(0, -1), 'Two words'] }))).toThrow(
      'word 9999 "Two words" is not a tokeniser word',
    );
  });

  it('decodes the token encoding and little-endian offsets, copying unaligned input, and validates the sets', () => {
    const bytes = (a: Uint32Array) => new Uint8Array(a.buffer.slice(0));
    const shifted = (b: Uint8Array) => {
      const host = new Uint8Array(b.length + 1);
      host.set(b, 1);
      return host.subarray(1); // byteOffset 1: not aligned for Uint32
    };
    const set = tiny();
    const files = {
      vocab: json({ words }),
      trainTokens: shifted(encodeTokens(set.tokens)),
      trainOffsets: shifted(bytes(set.offsets)),
      trainLabels: set.labels,
      // one token in two bytes: the offsets count tokens, not bytes
      testTokens: encodeTokens([10001]),
      testOffsets: bytes(Uint32Array.from([0, 1])),
      testLabels: Uint8Array.from([0]),
    };
    expect(files.trainOffsets.byteOffset % 4).toBe(1);
    const imdb = decodeImdb(files, { train: 3, test: 1 });
    expect(Array.from(imdb.train.tokens)).toEqual([2, 3, 4, 1, 4]);
    expect(Array.from(imdb.train.offsets)).toEqual([0, 2, 2, 5]);
    expect(imdb.train.vocabSize).toBe(IMDB_VOCAB_SIZE);
    expect(imdb.vocab.wordOf(7)).toBe('w5');
    expect(Array.from(imdb.test.tokens)).toEqual([10001]);
    expect(imdb.train.tokens).toBeInstanceOf(Uint16Array);
    expect(() => decodeImdb(files, { train: 4, test: 1 })).toThrow('imdb train: 3 reviews, the manifest says 4');
    expect(() => decodeImdb({ ...files, testTokens: encodeTokens([10001]).subarray(0, 1) })).toThrow(
      "imdb test tokens: the data ends inside token 0's two-byte id (file cut short?)",
    );
    expect(() => decodeImdb({ ...files, testTokens: encodeTokens([7, 200]) })).toThrow(
      'imdb test: last offset 1 differs from the 2 tokens',
    );
    expect(() => decodeImdb({ ...files, testLabels: Uint8Array.from([0, 1]) })).toThrow(
      'imdb test: 2 offsets for 2 reviews (expected 3)',
    );
  });
});
