// The trained-models half of prepare-data: copies the committed models/trained/<model>/
// files (written by train-shipped.ts) into public/data/trained/, gzipped, with their sizes
// and checksums and where they came from in the manifest. A model whose files are missing
// is simply not offered; a model whose files disagree with its provenance fails loudly.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataFileEntry, TrainedModelEntry } from '../../src/core/data/manifest';
import { MODEL_IDS, type ModelId } from '../../src/core/models/catalog';

const TRAINED_DIR = join(fileURLToPath(new URL('../..', import.meta.url)), 'models', 'trained');
const MODELS = MODEL_IDS;

const present = (id: string) => existsSync(join(TRAINED_DIR, id, 'provenance.json'));

/** How many trained-model files the manifest should list (2 per model on disk). */
export function trainedOnDisk(): number {
  return MODELS.filter(present).length * 2;
}

export function prepareTrained(
  writeGz: (relPath: string, bytes: Uint8Array) => DataFileEntry,
  fail: (message: string) => never,
): Partial<Record<ModelId, TrainedModelEntry>> {
  const out: Partial<Record<ModelId, TrainedModelEntry>> = {};
  for (const id of MODELS) {
    if (!present(id)) continue;
    const dir = join(TRAINED_DIR, id);
    const p = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')) as Record<string, unknown>;
    const model = new Uint8Array(readFileSync(join(dir, 'model.json')));
    const weights = new Uint8Array(readFileSync(join(dir, 'weights.bin')));
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    const declared = p.sha256 as { model?: string; weights?: string } | undefined;
    if (declared?.model !== sha(model) || declared?.weights !== sha(weights)) fail(`${dir}: the files do not match provenance.json (re-run scripts/build/train-shipped.ts)`);
    out[id] = {
      files: { model: writeGz(`trained/${id}/model.json.gz`, model), weights: writeGz(`trained/${id}/weights.bin.gz`, weights) },
      epochs: Number(p.epochs),
      seed: Number(p.seed),
      train: Number(p.train),
      testAccuracy: Number(p.testAccuracy),
      backend: String(p.backend),
      commit: String(p.commit),
      date: String(p.date),
      script: String(p.script),
    };
  }
  return out;
}
