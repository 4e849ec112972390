import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODEL_IDS } from '../models/catalog';
import { validateManifest } from './manifest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MANIFEST = join(ROOT, 'public', 'data', 'manifest.json');

describe('data manifest', () => {
  it('lists the shipped trained start of every model in models/trained, with the provenance checksums', () => {
    const manifest = validateManifest(JSON.parse(readFileSync(MANIFEST, 'utf8')));
    const shipped = MODEL_IDS.filter((id) => existsSync(join(ROOT, 'models', 'trained', id, 'provenance.json')));
    expect(shipped).toEqual(['lenet5', 'lenet300', 'imdb']);
    expect(Object.keys(manifest.trained).sort()).toEqual([...shipped].sort());
    for (const id of shipped) {
      const provenance = JSON.parse(readFileSync(join(ROOT, 'models', 'trained', id, 'provenance.json'), 'utf8')) as { sha256: { model: string; weights: string }; testAccuracy: number };
      const entry = manifest.trained[id];
      expect(entry?.files.model.sha256).toBe(provenance.sha256.model);
      expect(entry?.files.weights.sha256).toBe(provenance.sha256.weights);
      expect(entry?.testAccuracy).toBe(provenance.testAccuracy);
    }
  });

  it('refuses a trained entry for a model the catalog does not have', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { trained: Record<string, unknown> };
    const bad = { ...manifest, trained: { ...manifest.trained, lenet301: manifest.trained.lenet300 } };
    expect(() => validateManifest(bad)).toThrow('data manifest: trained.lenet301 is not a model');
  });

  it('refuses IMDB token files in another encoding (an older manifest), saying what to run', () => {
    const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { imdb: Record<string, unknown> };
    const older = { ...manifest.imdb };
    delete older.tokenEncoding;
    expect(() => validateManifest({ ...manifest, imdb: older })).toThrow(
      'data manifest: imdb.tokenEncoding is undefined, expected "u8-or-u15" (run "npm run prepare-data")',
    );
  });
});
