// Measures the IMDB text classifier with the lab's worker session (LabSession) under Node
// (wasm), for one or more seeds: per-epoch test accuracy and time, then
//   tutorial  the tutorial's pruning experiments: 50 % of the dense layers (L1), 90 % of them,
//             90 % with the embedding included (per layer and global), embedding row pruning,
//             and fine-tuning the 90 %-of-all-layers model (masks held)
//   science   criteria sweeps (magnitude / random / taylor / fisher, the app's sweep job) on
//             the dense layers (per layer and global), embedding rows, and whole channels
// Writes docs/results/imdb-pruning-seed<N>.json per seed and docs/results/imdb-pruning.md
// over the seeds (mean ± sd, each seed listed, commit and date). Subset runs write
// -subset.json (git-ignored) and /tmp/imdb-pruning-subset.md.
//
// Usage: npx tsx scripts/experiments/measure-imdb.ts [--seeds 1,2,3 | --seed N] [--train N] [--test N]
//        [--epochs N] [--ft-epochs N] [--parts tutorial,science] [--report-only]

import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SWEEP_RATES } from '../../src/core/models/references';
import { CRITERIA, methodFor, type Criterion, type PruneMethod } from '../../src/core/method';
import { getModelSpec } from '../../src/core/nets/registry';
import { sweepJob } from '../../src/session/scienceJobs';
import { argNumber as arg, argString } from '../cliArgs';
import { imdbMarkdown, type ImdbScience, type ImdbSeedJson } from './lib/imdbReport';
import { log } from './lib/log';
import { memoryPeaks, openNodeLab, progressLogger } from './lib/nodeLab';
import { oneShot, type OneShotResult } from './lib/pruneProbe';
import { runInfo, seedsFromArgs } from './lib/runInfo';
import { reportOnly, runSeeds, type SeedOutput } from './lib/seedRuns';
import { pct } from './lib/seedStats';

const seeds = seedsFromArgs();
const epochs = arg('epochs', 3);
const ftEpochs = arg('ft-epochs', 1);
const trainCount = arg('train', 25000);
const testCount = arg('test', 25000);
const parts = new Set((argString('parts') ?? 'tutorial,science').split(','));
const subset = trainCount < 25000 || testCount < 25000 || epochs !== 3 || ftEpochs !== 1;
const output: SeedOutput<ImdbSeedJson> = {
  jsonFile: (seed) => join('docs', 'results', `imdb-pruning-seed${seed}${subset ? '-subset' : ''}.json`),
  mdFile: subset ? '/tmp/imdb-pruning-subset.md' : join('docs', 'results', 'imdb-pruning.md'),
  markdown: imdbMarkdown,
};
if (process.argv.includes('--report-only')) {
  reportOnly(output, seeds);
  process.exit(0);
}

const spec = getModelSpec('imdb');
const dense = ['fc1', 'fc2'];
const all = ['embedding', 'fc1', 'fc2'];

/** The tutorial's experiments, in order; the fine-tuning starts from the one named `FINETUNED`. */
const EXPERIMENTS: readonly (readonly [string, PruneMethod])[] = [
  ['50 % of the dense layers, per layer (tutorial)', methodFor(dense, { rate: 0.5 })],
  ['90 % of the dense layers, per layer', methodFor(dense, { rate: 0.9 })],
  ['90 % of all layers incl. the embedding, per layer', methodFor(all, { rate: 0.9 })],
  ['90 % of all layers incl. the embedding, global', methodFor(all, { rate: 0.9, scope: 'global' })],
  ['50 % of the embedding rows (by row norm) only', methodFor(['embedding'], { rate: 0.5, rowLayers: ['embedding'] })],
  ['90 % of the embedding rows (by row norm) only', methodFor(['embedding'], { rate: 0.9, rowLayers: ['embedding'] })],
];
const FINETUNED = 2;

const lab = await openNodeLab(spec, trainCount, testCount, progressLogger());
const session = lab.session;
const data = lab.last('dataset').dataset;
/** The code and machine of this run (the code is loaded now: later commits do not change it). */
const info = runInfo();
log(`IMDB: train ${data.train}, test ${data.test} reviews (of ${data.fullTrain} / ${data.fullTest}); loaded in ${lab.loadSeconds.toFixed(1)} s; backend ${tf.getBackend()}`);

/** The sweeps as the app's science panel runs them (the sweep job, on the dense anchor). */
async function science(): Promise<ImdbScience> {
  const sweep = (method: PruneMethod, criteria: readonly Criterion[], rates: readonly number[] = SWEEP_RATES) => sweepJob(session, { method, criteria, rates });
  return {
    denseLayer: await sweep(methodFor(dense, { scope: 'layer' }), CRITERIA),
    denseGlobal: await sweep(methodFor(dense, { scope: 'global' }), CRITERIA),
    rows: await sweep(methodFor(['embedding'], { rowLayers: ['embedding'] }), ['magnitude']),
    channels: await sweep(methodFor(['embedding', 'fc1'], { structure: 'channels' }), CRITERIA, [0, 0.25, 0.5, 0.75, 0.9]),
  };
}

async function runSeed(seed: number): Promise<ImdbSeedJson> {
  const started = performance.now();
  const memory = memoryPeaks();
  const from = lab.events.length;
  log(`seed ${seed}: ${epochs} epochs, ${spec.optimizerLabel}`);
  const run = await session.train({ epochs, seed, method: methodFor(spec.defaultInclude) });
  const pruning = session.requirePruning();
  const denseCheckpoint = pruning.checkpoint(run.checkpointId ?? -1)?.info;
  if (!denseCheckpoint) throw new Error('training committed no checkpoint');
  log(`dense: ${pct(run.testAccuracy)} in ${run.trainSeconds.toFixed(1)} s (${run.itemsPerSec.toFixed(0)} reviews/s)`);

  const rows: OneShotResult[] = [];
  if (parts.has('tutorial')) for (const [name, method] of EXPERIMENTS) rows.push(await oneShot(lab, name, method, log, false));
  const sci = parts.has('science') ? await science() : null;
  if (sci) log(`science: magnitude at 90 % of fc1+fc2 per layer ${pct(sci.denseLayer.points.find((p) => p.criterion === 'magnitude' && p.rate === 0.9)?.accuracy ?? NaN)}`);

  let finetune: ImdbSeedJson['finetune'] = null;
  if (parts.has('tutorial')) {
    const [name, method] = EXPERIMENTS[FINETUNED];
    const ft = await session.finetune({ epochs: ftEpochs, seed: seed + 1, method });
    const info = pruning.checkpoint(ft.checkpointId ?? -1)?.info;
    if (!info) throw new Error('fine-tuning committed no checkpoint');
    finetune = { from: name, method, accuracy: ft.testAccuracy, trainSeconds: ft.trainSeconds, reviewsPerSec: ft.itemsPerSec, sparsity: info.sparsity, sizes: info.sizes };
    log(`after ${ftEpochs} fine-tuning epoch: ${pct(ft.testAccuracy)} in ${ft.trainSeconds.toFixed(1)} s, zeros ${pct(info.sparsity)}`);
  }
  const peakMemoryMB = memory.stop();
  return {
    ...info,
    date: new Date().toISOString(),
    settings: { ...spec.defaults, seed, epochs, train: data.train, test: data.test, ftEpochs },
    data,
    loadSeconds: lab.loadSeconds,
    dense: {
      accuracy: run.testAccuracy,
      trainSeconds: run.trainSeconds,
      reviewsPerSec: run.itemsPerSec,
      evalSeconds: run.evalSeconds,
      perEpoch: lab.since(from, 'epochEnd').filter((e) => e.kind === 'train').map((e) => e.testAccuracy),
      sizes: denseCheckpoint.sizes,
    },
    pruning: rows,
    finetune,
    science: sci,
    peakMemoryMB,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

await runSeeds(seeds, output, runSeed);
session.dispose();
