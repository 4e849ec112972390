// The counts every control offers (URL limits, the experiment form) are the counts the
// prepared data holds: the catalog's maxima against the manifest prepare-data wrote.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODEL_INFO } from '../models/catalog';

const manifestPath = fileURLToPath(new URL('../../../public/data/manifest.json', import.meta.url));

describe('dataset counts', () => {
  it.skipIf(!existsSync(manifestPath))('the catalog offers exactly the examples the prepared data holds', () => {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<'mnist' | 'imdb', { train: number; test: number }>;
    for (const info of Object.values(MODEL_INFO)) {
      const counts = manifest[info.dataset];
      expect({ model: info.id, train: info.maxTrain, test: info.maxTest }).toEqual({ model: info.id, train: counts.train, test: counts.test });
    }
  });
});
