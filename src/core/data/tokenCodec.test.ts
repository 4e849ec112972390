// The token encoding round-trips every id the vocabulary uses, and refuses a cut-short or
// foreign stream with a message naming the file.
import { describe, expect, it } from 'vitest';
import { decodeTokens, encodeTokens, MAX_TOKEN_ID } from './tokenCodec';

describe('token encoding', () => {
  it('round-trips ids around the one/two-byte boundary and the vocabulary edge', () => {
    const ids = Uint16Array.from([0, 1, 2, 127, 128, 129, 255, 256, 10001, 3, MAX_TOKEN_ID, 127]);
    const bytes = encodeTokens(ids);
    // 0,1,2,127,3,127 take one byte; the other six take two
    expect(bytes.length).toBe(6 + 6 * 2);
    expect(Array.from(bytes.subarray(0, 6))).toEqual([0, 1, 2, 127, 0x80, 128]);
    expect(Array.from(encodeTokens([10001]))).toEqual([0x80 | (10001 >> 8), 10001 & 0xff]);
    expect(decodeTokens(bytes, 'f')).toEqual(ids);
  });

  it('round-trips every id below 10,002 and an empty stream', () => {
    const ids = Uint16Array.from({ length: 10002 }, (_, i) => (i * 7919) % 10002);
    expect(decodeTokens(encodeTokens(ids), 'f')).toEqual(ids);
    expect(decodeTokens(encodeTokens([]), 'f')).toEqual(new Uint16Array(0));
  });

  it('refuses a stream cut inside a two-byte id', () => {
    const bytes = encodeTokens([5, 10001]);
    expect(() => decodeTokens(bytes.subarray(0, 2), 'imdb test tokens')).toThrow(
      /imdb test tokens: the data ends inside token 1's two-byte id \(file cut short\?\)/,
    );
  });

  it('refuses a two-byte form of a one-byte id', () => {
    expect(() => decodeTokens(Uint8Array.from([0x80, 5]), 'x')).toThrow(/token 0 spends two bytes on id 5/);
  });

  it('refuses ids it cannot hold', () => {
    expect(() => encodeTokens([MAX_TOKEN_ID + 1])).toThrow(RangeError);
    expect(() => encodeTokens([-1])).toThrow(/token 0: id -1/);
  });
});
