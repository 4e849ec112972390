// Which file is which in an import: two files that share a base name (a/model.json and
// b/model.json in one zip, or a model.json chosen next to a zip holding another) are
// refused naming both, and a zip whose end record lies about its entry count says so.

import { describe, expect, it } from 'vitest';
import { collectFiles, type UploadedFile } from './importModel';
import { ImportError } from './validateModel';
import { entryCountProblem, readZip, writeZip } from './zip';

const enc = new TextEncoder();
const file = (name: string, bytes: Uint8Array): UploadedFile => ({ name, data: bytes.slice().buffer });
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  return '';
};

describe('import file names', () => {
  it('refuses a zip holding two copies of model.json in different folders, naming both', () => {
    const zip = writeZip([
      { name: 'a/model.json', data: enc.encode('{}') },
      { name: 'a/weights.bin', data: new Uint8Array(4) },
      { name: 'b/model.json', data: enc.encode('{}') },
      { name: 'b/weights.bin', data: new Uint8Array(8) },
    ]);
    const text = message(() => collectFiles([file('models.zip', zip)]));
    expect(text).toBe('models.zip: a/model.json and models.zip: b/model.json are both named model.json: keep one model per import, so it is clear which file is meant.');
    expect(() => collectFiles([file('models.zip', zip)])).toThrow(ImportError);
  });

  it('refuses a model.json chosen beside a zip that holds one too', () => {
    const zip = writeZip([{ name: 'model.json', data: enc.encode('{}') }]);
    expect(message(() => collectFiles([file('model.json', enc.encode('{}')), file('export.zip', zip)]))).toMatch(/^model\.json and export\.zip: model\.json are both named model\.json/);
  });

  it('keeps files with distinct base names, in folders or not', () => {
    const zip = writeZip([
      { name: 'm/model.json', data: enc.encode('{}') },
      { name: 'm/weights.bin', data: new Uint8Array(4) },
    ]);
    expect([...collectFiles([file('export.zip', zip), file('masks.json', enc.encode('{}'))]).keys()]).toEqual(['model.json', 'weights.bin', 'masks.json']);
  });
});

describe('a zip end record that lies about its entry count', () => {
  const zip = writeZip([
    { name: 'model.json', data: enc.encode('{}') },
    { name: 'weights.bin', data: new Uint8Array(16) },
  ]);
  const withCount = (n: number) => {
    const bytes = zip.slice();
    const end = bytes.length - 22;
    new DataView(bytes.buffer).setUint16(end + 8, n, true);
    new DataView(bytes.buffer).setUint16(end + 10, n, true);
    return bytes;
  };

  it('is refused saying what is wrong, not with a made-up compression method', () => {
    expect(entryCountProblem(zip)).toBeNull();
    for (const n of [3, 40, 1]) {
      const text = message(() => readZip(withCount(n)));
      expect(text).toBe(`the ZIP archive's end record declares ${n} entries but its central directory holds 2: the archive is damaged or was altered`);
      expect(text).not.toMatch(/method/);
    }
    expect(message(() => collectFiles([file('export.zip', withCount(3))]))).toMatch(/^export\.zip: the ZIP archive's end record declares 3 entries/);
  });
});
