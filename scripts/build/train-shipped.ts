// Trains the models the page can start from (?start=trained) with the tutorial's settings,
// through the same LabSession code the browser's worker runs (Node, tfjs wasm backend with
// PruneLab's kernels), and writes them to models/trained/<model>/ with where they came
// from. Re-running it with the same seed on the same backend reproduces the files bit for
// bit; prepare-data copies them into public/data/ with their checksums in the manifest.
// Usage: npx tsx scripts/build/train-shipped.ts [--model <id>|all] [--seed 1] [--out models/trained]
// (--out elsewhere: a trial run, e.g. another seed, that does not replace the shipped files)

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { referenceModel } from '../../src/core/io/reference';
import { artifactsToFiles, snapshotArtifacts } from '../../src/core/io/modelFiles';
import { methodFor } from '../../src/core/method';
import { MODEL_IDS } from '../../src/core/models/catalog';
import { getModelSpec, type ModelId } from '../../src/core/nets/registry';
import { argNumber, argString } from '../cliArgs';
import { openNodeLab, progressLogger } from '../experiments/lib/nodeLab';
import { runInfo } from '../experiments/lib/runInfo';

export const TRAINED_DIR = 'models/trained';

/** What a shipped model says about itself (models/trained/<model>/provenance.json). */
export interface Provenance {
  readonly model: ModelId;
  readonly epochs: number;
  readonly seed: number;
  readonly train: number;
  readonly test: number;
  readonly testAccuracy: number;
  readonly epochAccuracies: readonly number[];
  readonly trainSeconds: number;
  readonly backend: string;
  readonly commit: string;
  readonly dirty: boolean;
  readonly date: string;
  readonly script: string;
  readonly sha256: { readonly model: string; readonly weights: string };
}

const sha = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

async function trainOne(id: ModelId, seed: number, outDir: string): Promise<void> {
  const spec = getModelSpec(id);
  const info = { maxTrain: spec.maxTrain, maxTest: spec.maxTest };
  const lab = await openNodeLab(spec, info.maxTrain, info.maxTest, progressLogger());
  const epochs = spec.defaults.epochs;
  console.log(`${id}: training ${lab.session.datasetInfo.train} examples, ${epochs} epochs, seed ${seed}`);
  const summary = await lab.session.train({ epochs, seed, method: methodFor(spec.defaultInclude) });
  const weights = lab.session.requirePruning().anchor;
  const model = lab.session.buildModel();
  const topology = referenceModel(model, spec.label).topology;
  model.dispose();
  const { modelJson, weights: bin } = artifactsToFiles(snapshotArtifacts(topology, weights));
  const dir = join(outDir, id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.json'), modelJson);
  writeFileSync(join(dir, 'weights.bin'), new Uint8Array(bin));
  const run = runInfo();
  const epochsSeen = lab.since(0, 'epochEnd').map((e) => e.testAccuracy);
  const provenance: Provenance = {
    model: id,
    epochs,
    seed,
    train: lab.session.datasetInfo.train,
    test: lab.session.datasetInfo.test,
    testAccuracy: summary.testAccuracy,
    epochAccuracies: epochsSeen,
    trainSeconds: summary.trainSeconds,
    backend: run.backend,
    commit: run.commit,
    dirty: run.dirty,
    date: run.date,
    script: 'scripts/build/train-shipped.ts',
    sha256: { model: sha(modelJson), weights: sha(new Uint8Array(bin)) },
  };
  writeFileSync(join(dir, 'provenance.json'), JSON.stringify(provenance, null, 2) + '\n');
  console.log(`${id}: test accuracy ${(summary.testAccuracy * 100).toFixed(2)}% after ${epochs} epochs (${summary.trainSeconds.toFixed(0)} s); wrote ${dir}`);
  lab.session.dispose();
}

const which = argString('model') ?? 'all';
const seed = argNumber('seed', 1);
const outDir = argString('out') ?? TRAINED_DIR;
for (const id of MODEL_IDS) if (which === 'all' || which === id) await trainOne(id, seed, outDir);
