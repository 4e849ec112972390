// Tests of the install-time IMDB preparation on tiny synthetic records: input
// validation, dedupe, the seeded split, the train-only vocabulary, the statistics, and a
// round trip through the written byte layout and the validating loader.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Fetcher } from './fetchData';
import { loadImdb } from './fetchImdb';
import { IMDB_VOCAB_SIZE, reviewTokens, UNK_ID, validateTextSet, Vocabulary, VOCAB_WORDS, type TextSet } from './imdb';
import { buildVocabulary, dedupeRecords, prepareImdb, splitIndices, type ImdbRecord } from './imdbPrepare';
import { MANIFEST_VERSION, type DataFileEntry } from './manifest';
import { encodeTokens, TOKEN_ENCODING } from './tokenCodec';

/** Record i mentions its own marker word "mark{i}" plus shared words. */
const records = (n: number): ImdbRecord[] =>
  Array.from({ length: n }, (_, i) => ({ t: `Mark${i} is a <br />film, a GOOD one`, s: (i % 2) as 0 | 1 }));

const words = (set: TextSet, vocab: Vocabulary, i: number) => Array.from(reviewTokens(set, i), (id) => vocab.wordOf(id));

describe('prepareImdb input validation', () => {
  it('names the record and the problem', () => {
    expect(() => prepareImdb({ t: 'x', s: 0 })).toThrow('reviews.json: expected a JSON array of reviews, got object');
    expect(() => prepareImdb(null)).toThrow('got null');
    expect(() => prepareImdb([])).toThrow('reviews.json: the array holds no reviews');
    const bad = (rec: unknown) => () => prepareImdb([{ t: 'ok', s: 1 }, rec]);
    expect(bad('text')).toThrow('reviews.json record 1: expected an object {t, s}, got string');
    expect(bad(null)).toThrow('reviews.json record 1: expected an object {t, s}, got null');
    expect(bad([1])).toThrow('record 1: expected an object {t, s}, got an array');
    expect(bad({ s: 1 })).toThrow('reviews.json record 1: text "t" is missing');
    expect(bad({ t: 5, s: 1 })).toThrow('record 1: text "t" is a number, not a string');
    expect(bad({ t: 'x' })).toThrow('record 1: label "s" is missing');
    expect(bad({ t: 'x', s: 2 })).toThrow('reviews.json record 1: label 2 is not 0 or 1');
    expect(bad({ t: 'x', s: '1' })).toThrow('record 1: label "1" is not 0 or 1');
    expect(() => prepareImdb([{ t: 'x', s: true }], { source: 'in.json' })).toThrow('in.json record 0: label true');
  });
});

describe('dedupe and split', () => {
  it('drops exact duplicates, keeping the first occurrence', () => {
    const input: ImdbRecord[] = [
      { t: 'same', s: 1 },
      { t: 'other', s: 0 },
      { t: 'same', s: 0 },
      { t: 'Same', s: 0 },
      { t: 'other', s: 0 },
    ];
    const { unique, duplicates } = dedupeRecords(input);
    expect(duplicates).toBe(2);
    expect(unique).toEqual([input[0], input[1], input[3]]);
    expect(prepareImdb(input).stats).toMatchObject({ records: 5, duplicates: 2, train: 1, test: 2 });
  });

  it('splits deterministically into disjoint floor/ceil halves', () => {
    for (const n of [1, 2, 7, 10]) {
      const { train, test } = splitIndices(n, 42);
      expect([train.length, test.length]).toEqual([Math.floor(n / 2), Math.ceil(n / 2)]);
      expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
    expect(Array.from(splitIndices(10, 42).train)).toEqual(Array.from(splitIndices(10, 42).train));
    expect(Array.from(splitIndices(50, 42).train)).not.toEqual(Array.from(splitIndices(50, 43).train));
  });

  it('gives byte-identical output for the same input and mixes the label-sorted input', () => {
    const sorted = records(40).sort((a, b) => a.s - b.s);
    const a = prepareImdb(sorted);
    const b = prepareImdb(sorted.map((r) => ({ ...r })));
    expect(Array.from(a.train.tokens)).toEqual(Array.from(b.train.tokens));
    expect(Array.from(a.test.labels)).toEqual(Array.from(b.test.labels));
    expect(a.vocab).toEqual(b.vocab);
    expect(new Set(a.train.labels.subarray(0, 10))).toEqual(new Set([0, 1]));
  });
});

describe('vocabulary', () => {
  it('orders by frequency, ties alphabetically, and truncates', () => {
    expect(buildVocabulary([['b', 'a', 'c', 'a'], ['c', 'd', 'b', 'b']], 3)).toEqual(['b', 'a', 'c']);
    expect(buildVocabulary([['zeta', 'alpha', 'mu']], 10)).toEqual(['alpha', 'mu', 'zeta']);
  });

  it('is built from the training half only: test-only words are unknown', () => {
    const p = prepareImdb(records(9));
    const vocab = new Vocabulary(p.vocab);
    expect(vocab.size).toBe(p.vocab.length + 2);
    expect(p.train.vocabSize).toBe(vocab.size);
    expect(p.vocab.slice(0, 5)).toEqual(['a', 'film', 'good', 'is', 'one']); // 'a' twice per review
    for (let i = 0; i < p.train.count; i++) expect(words(p.train, vocab, i)[0]).toMatch(/^mark\d$/);
    for (let i = 0; i < p.test.count; i++) {
      expect(reviewTokens(p.test, i)[0]).toBe(UNK_ID);
      expect(words(p.test, vocab, i).slice(1)).toEqual(['is', 'a', 'film', 'a', 'good', 'one']);
    }
    expect(p.vocab.length).toBe(5 + p.train.count);
    expect(prepareImdb(records(9), { vocabWords: 2 }).vocab).toEqual(['a', 'film']);
  });
});

describe('statistics and sets', () => {
  it('reports counts, token statistics and the unknown rate', () => {
    const input = [...records(4), { t: '', s: 0 as const }, { t: 'Mark0 is a <br />film, a GOOD one', s: 1 as const }];
    const p = prepareImdb(input);
    validateTextSet(p.train, 'train');
    validateTextSet(p.test, 'test');
    const s = p.stats;
    expect([s.records, s.duplicates, s.train, s.test]).toEqual([6, 1, 2, 3]);
    expect(s.trainTokens + s.testTokens).toBe(4 * 7);
    expect([s.trainTokens, s.testTokens]).toEqual([p.train.tokens.length, p.test.tokens.length]);
    expect(s.maxTokens).toBe(7);
    expect(s.meanTokens).toBeCloseTo(28 / 5);
    const unknown = [...p.train.tokens, ...p.test.tokens].filter((id) => id === UNK_ID).length;
    expect(s.unknownRate).toBeCloseTo(unknown / 28);
    // Shared words all occur in training; each non-empty test review has one unknown marker.
    const nonEmptyTest = Array.from({ length: p.test.count }, (_, i) => reviewTokens(p.test, i).length).filter(Boolean);
    expect(unknown).toBe(nonEmptyTest.length);
  });
});

describe('round trip through the files and the loader', () => {
  it('loads what the script writes and verifies it', async () => {
    // 40 reviews of 600 distinct words each: the 20 training reviews hold ≥ 10,000 words.
    const input = Array.from({ length: 40 }, (_, r) => ({
      t: Array.from({ length: 600 }, (_, k) => `w${r}x${k}`).join(' '),
      s: (r % 2) as 0 | 1,
    }));
    const p = prepareImdb(input);
    expect(p.vocab.length).toBe(VOCAB_WORDS);
    const bytes = (a: Uint32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const raw: Record<string, Uint8Array> = {
      vocab: new TextEncoder().encode(JSON.stringify({ words: p.vocab })),
      trainTokens: encodeTokens(p.train.tokens),
      trainOffsets: bytes(p.train.offsets),
      trainLabels: p.train.labels,
      testTokens: encodeTokens(p.test.tokens),
      testOffsets: bytes(p.test.offsets),
      testLabels: p.test.labels,
    };
    const served = new Map<string, Uint8Array>();
    const entry = (key: string, data: Uint8Array): DataFileEntry => {
      const gz = new Uint8Array(gzipSync(data));
      served.set(`imdb/${key}.gz`, gz);
      const sha256 = createHash('sha256').update(data).digest('hex');
      return { path: `imdb/${key}.gz`, bytes: data.length, gzipBytes: gz.length, sha256 };
    };
    const files = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, entry(k, v)]));
    const dummy = { path: 'x', bytes: 0, gzipBytes: 0, sha256: '' };
    const manifest = {
      version: MANIFEST_VERSION,
      mnist: { train: 0, test: 0, files: { trainImages: dummy, trainLabels: dummy, testImages: dummy, testLabels: dummy } },
      imdb: { train: p.train.count, test: p.test.count, vocabSize: IMDB_VOCAB_SIZE, duplicates: 0, tokenEncoding: TOKEN_ENCODING, files },
      trained: {},
    };
    served.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
    const fetcher: Fetcher = async (url) => {
      const body = served.get(url.replace('http://data.test/', ''));
      return body ? new Response(body.slice()) : new Response('missing', { status: 404 });
    };
    const progress: number[] = [];
    const onProgress = (e: { loadedBytes: number }) => progress.push(e.loadedBytes);
    const opts = { baseUrl: 'http://data.test/', fetcher, onProgress };
    const imdb = await loadImdb(opts);
    expect(Array.from(imdb.train.tokens)).toEqual(Array.from(p.train.tokens));
    expect(Array.from(imdb.test.offsets)).toEqual(Array.from(p.test.offsets));
    expect(Array.from(imdb.test.labels)).toEqual(Array.from(p.test.labels));
    expect(imdb.vocab.words).toEqual(p.vocab);
    const wireBytes = [...served].filter(([k]) => k !== 'manifest.json').reduce((s, [, v]) => s + v.length, 0);
    expect(progress.at(-1)).toBe(wireBytes);

    // A corrupted file is caught by the checksum, with the file named.
    const gz = served.get('imdb/testLabels.gz');
    served.set('imdb/testLabels.gz', new Uint8Array(gzipSync(p.test.labels.map((l) => 1 - l))));
    await expect(loadImdb(opts)).rejects.toThrow('Could not verify imdb/testLabels.gz (its SHA-256 checksum differs from the manifest');
    if (gz) served.set('imdb/testLabels.gz', gz);
    served.delete('imdb/vocab.gz');
    await expect(loadImdb(opts)).rejects.toThrow('Could not download imdb/vocab.gz (HTTP 404');
  });
});
