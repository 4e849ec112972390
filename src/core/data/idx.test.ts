import { describe, expect, it } from 'vitest';
import { DataFormatError, encodeIdx, parseIdx } from './idx';

const images = (n: number) => encodeIdx([n, 2, 2], new Uint8Array(n * 4).map((_, i) => i % 256));
const labels = (values: number[]) => encodeIdx([values.length], Uint8Array.from(values));

describe('parseIdx', () => {
  it('parses a valid image file and a label file', () => {
    const img = parseIdx(images(3), { name: 'imgs', rank: 3, itemShape: [2, 2], count: 3 });
    expect(img.dims).toEqual([3, 2, 2]);
    expect(Array.from(img.data.subarray(0, 5))).toEqual([0, 1, 2, 3, 4]);
    const lab = parseIdx(labels([0, 9, 5]), { name: 'labels', rank: 1, maxValueExclusive: 10 });
    expect(Array.from(lab.data)).toEqual([0, 9, 5]);
  });

  it('rejects a wrong magic number with the bytes it saw', () => {
    const bad = images(2);
    bad[0] = 0x1f;
    bad[1] = 0x8b;
    expect(() => parseIdx(bad, { name: 'train-images', rank: 3 })).toThrowError(
      /train-images: wrong magic number 0x1f8b0803/,
    );
  });

  it('rejects a wrong element type and a wrong rank', () => {
    const badType = images(1);
    badType[2] = 0x0d;
    expect(() => parseIdx(badType, { name: 'x', rank: 3 })).toThrowError(/unsupported IDX element type 0xd/);
    expect(() => parseIdx(images(1), { name: 'x', rank: 1 })).toThrowError(
      /declares 3 dimensions, expected 1/,
    );
  });

  it('rejects truncated data and truncated headers', () => {
    const full = images(4);
    expect(() => parseIdx(full.subarray(0, full.length - 3), { name: 'imgs', rank: 3 })).toThrowError(
      /imgs: truncated data \(13 of 16 payload bytes/,
    );
    expect(() => parseIdx(full.subarray(0, 9), { name: 'imgs', rank: 3 })).toThrowError(/truncated header/);
    expect(() => parseIdx(new Uint8Array(2), { name: 'imgs', rank: 3 })).toThrowError(/too short/);
  });

  it('rejects trailing bytes, wrong item shapes and wrong counts', () => {
    const extra = new Uint8Array(images(1).length + 2);
    extra.set(images(1));
    expect(() => parseIdx(extra, { name: 'i', rank: 3 })).toThrowError(/2 unexpected trailing bytes/);
    expect(() => parseIdx(images(1), { name: 'i', rank: 3, itemShape: [28, 28] })).toThrowError(
      /item shape 2×2 does not match expected 28×28/,
    );
    expect(() => parseIdx(images(1), { name: 'i', rank: 3, count: 60000 })).toThrowError(
      /header says 1 items, expected 60000/,
    );
  });

  it('rejects out-of-range labels, naming the item', () => {
    expect(() =>
      parseIdx(labels([1, 2, 10, 3]), { name: 'test-labels', rank: 1, maxValueExclusive: 10 }),
    ).toThrowError(/test-labels: value 10 at item 2 is out of range 0..9/);
  });

  it('throws DataFormatError instances', () => {
    expect(() => parseIdx(new Uint8Array(1), { name: 'x', rank: 1 })).toThrow(DataFormatError);
  });
});
