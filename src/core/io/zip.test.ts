// ZIP through fflate: round trips, an archive written by Info-ZIP's `zip -r -9` (a
// committed fixture: a directory entry, UT extra fields, a deflated entry), and refusals
// from the directory before anything is inflated (zip bombs, too many entries, unknown
// methods, repeated names), corrupt data and failed checksums.

import { readFileSync } from 'node:fs';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, isZip, readZip, writeZip, ZipRefusal } from './zip';

const enc = new TextEncoder();
const fixture = () => new Uint8Array(readFileSync(new URL('./fixtures/infozip.zip', import.meta.url)));

describe('zip', () => {
  it('computes the standard CRC-32', () => {
    expect(crc32(enc.encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('round-trips deflated entries in order, binary and UTF-8 names included, with fixed bytes', () => {
    const bin = new Uint8Array(70_000).map((_, i) => (i % 7 === 0 ? (i * 31) & 0xff : 0));
    const entries = [
      { name: 'model.json', data: enc.encode('{"a":1}') },
      { name: 'weights.bin', data: bin },
      { name: 'café.txt', data: new Uint8Array(0) },
    ];
    const zip = writeZip(entries);
    expect(isZip(zip)).toBe(true);
    expect(zip.length).toBeLessThan(bin.length / 2); // deflated
    expect(writeZip(entries)).toEqual(zip); // no timestamps of "now"
    const back = readZip(zip);
    expect(back.map((e) => e.name)).toEqual(['model.json', 'weights.bin', 'café.txt']);
    expect(new TextDecoder().decode(back[0].data)).toBe('{"a":1}');
    expect(back[1].data).toEqual(bin);
    expect(back[2].data.length).toBe(0);
    expect(readZip(writeZip(entries, 0))[1].data).toEqual(bin); // stored
  });

  it('reads an archive written by Info-ZIP zip -r -9 (directory entry, extra fields, deflate)', () => {
    const entries = readZip(fixture());
    expect(entries.map((e) => e.name)).toEqual(['export/model.json', 'export/weights.bin']);
    expect(new TextDecoder().decode(entries[0].data)).toBe('{"fixture":"Info-ZIP 3.0, zip -r -9"}');
    const expected = new Uint8Array(2048).map((_, i) => (i % 3 === 0 ? 0 : (i * 37) & 255));
    expect(entries[1].data).toEqual(expected);
  });

  it('refuses a zip bomb from its declared sizes, before inflating it', () => {
    // 8 MB of zeros deflate to ~8 KB; a 1 MB limit refuses it by its directory.
    const bomb = zipSync({ 'zeros.bin': new Uint8Array(8 * 1024 * 1024) }, { level: 6 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(() => readZip(bomb, { maxBytes: 1024 * 1024, maxEntries: 8 })).toThrow(ZipRefusal);
    expect(() => readZip(bomb, { maxBytes: 1024 * 1024, maxEntries: 8 })).toThrow(/unpacks to more than 1 MB .*8,388,608 bytes/);
    // the total counts too: two entries of 0.6 MB against 1 MB
    const two = zipSync({ a: new Uint8Array(600_000), b: new Uint8Array(600_000) });
    expect(() => readZip(two, { maxBytes: 1024 * 1024, maxEntries: 8 })).toThrow(/unpacks to more than 1 MB/);
  });

  it('stops inflating an entry as soon as it passes the size its directory declares (a lying directory)', () => {
    // 8 MB of zeros deflate to ~8 KB; the directory is patched to declare 100 bytes
    const zip = zipSync({ 'a.bin': new Uint8Array(8 * 1024 * 1024) }, { level: 6 });
    const lying = zip.slice();
    const view = new DataView(lying.buffer);
    const central = lying.length - 22 - (46 + 5);
    expect(view.getUint32(central, true)).toBe(0x02014b50);
    view.setUint32(central + 24, 100, true); // uncompressed size
    expect(() => readZip(lying)).toThrow(/a\.bin inflates past the 100 bytes the ZIP directory declares/);
    // an entry that inflates to less than it declares fails its check too
    const short = zip.slice();
    new DataView(short.buffer).setUint32(central + 24, 8 * 1024 * 1024 + 1, true);
    expect(() => readZip(short, { maxBytes: 2 ** 27, maxEntries: 4 })).toThrow(/a\.bin fail their checksum/);
  });

  it('refuses too many entries, unknown methods and repeated names, quoting names briefly', () => {
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 100; i++) many[`f${i}`] = new Uint8Array(0);
    expect(() => readZip(zipSync(many))).toThrow(/more than 64 entries/);
    const zip = writeZip([{ name: 'a.bin', data: enc.encode('hello world') }], 0);
    const method = zip.slice();
    method[zip.length - 22 - (46 + 5) + 10] = 12; // central directory: bzip2
    expect(() => readZip(method)).toThrow(/a\.bin is compressed with method 12/);
    const long = `${'x'.repeat(5000)}.bin`;
    const twice = writeZip([{ name: long, data: new Uint8Array(1) }, { name: `${'x'.repeat(5000)}.bim`, data: new Uint8Array(1) }], 0);
    // rename the second entry (local and central headers) to the first one's name
    const bytes = twice.slice();
    for (let i = 0; i + 4 <= bytes.length; i++) {
      if (bytes[i] === 0x2e && bytes[i + 1] === 0x62 && bytes[i + 2] === 0x69 && bytes[i + 3] === 0x6d) bytes[i + 3] = 0x6e;
    }
    let message = '';
    try {
      readZip(bytes);
    } catch (e) {
      message = e instanceof Error ? e.message : '';
    }
    expect(message).toMatch(/more than once/);
    expect(message.length).toBeLessThan(200);
  });

  it('rejects truncated and corrupted archives with a message', () => {
    const zip = writeZip([{ name: 'a.bin', data: enc.encode('hello world') }], 0);
    expect(() => readZip(zip.subarray(0, zip.length - 10))).toThrow(/corrupt or truncated/);
    const flipped = zip.slice();
    flipped[35] ^= 0xff; // a content byte of a.bin
    expect(() => readZip(flipped)).toThrow(/a\.bin fail their checksum/);
    expect(isZip(enc.encode('{"not":"zip"}'))).toBe(false);
  });
});
