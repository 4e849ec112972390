import { describe, expect, it } from 'vitest';
import { crc32, isZip, readZip, writeZip } from './zip';

const enc = new TextEncoder();

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('round-trips stored entries, binary and UTF-8 names included', () => {
    const bin = new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff);
    const zip = writeZip([
      { name: 'model.json', data: enc.encode('{"a":1}') },
      { name: 'weights.bin', data: bin },
      { name: 'café.txt', data: new Uint8Array(0) },
    ]);
    expect(isZip(zip)).toBe(true);
    const back = readZip(zip);
    expect(back.map((e) => e.name)).toEqual(['model.json', 'weights.bin', 'café.txt']);
    expect(new TextDecoder().decode(back[0].data)).toBe('{"a":1}');
    expect(back[1].data).toEqual(bin);
    expect(back[2].data.length).toBe(0);
  });

  it('rejects truncated, corrupted and compressed archives with a message', () => {
    const zip = writeZip([{ name: 'a.bin', data: enc.encode('hello world') }]);
    expect(() => readZip(zip.subarray(0, zip.length - 10))).toThrow(/truncated|corrupt/);
    const flipped = zip.slice();
    flipped[35] ^= 0xff; // a content byte of a.bin
    expect(() => readZip(flipped)).toThrow(/checksum/);
    const deflated = zip.slice();
    const central = zip.length - 22 - (46 + 5);
    deflated[central + 10] = 8; // method: deflate
    expect(() => readZip(deflated)).toThrow(/compressed/);
    expect(isZip(enc.encode('{"not":"zip"}'))).toBe(false);
  });
});
