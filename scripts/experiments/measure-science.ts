// "Pruning science beyond magnitude" on full MNIST with the same src/core code the browser
// runs (src/core/lab/), under Node with the tfjs wasm backend and our gradient kernels,
// for one or more seeds. Per seed, one LeNet-5 is trained (or read from the weight cache),
// then, in this order:
//   sweep         magnitude / random / taylor / fisher × rates, global and per-layer scope (one-shot)
//   per-example   taylor and fisher from 512 single-example gradients (global sweep)
//   sensitivity   each layer pruned alone across rates (magnitude)
//   channels      50 % of conv2 filters and fc1 neurons removed → compact model: params, bytes,
//                 inference speed, output difference, accuracy; then fine-tuned and compacted again
//   iterative     magnitude, global, half of what remains per round → 92 %, fine-tuning each round
//   dense-control the dense model trained for the same extra epochs as the iterative run
//   agp           gradual pruning while training from the dense model to 90 % (global magnitude),
//                 with the app's schedule (20 mask updates over the first 75 % of 3 epochs)
//   lottery       80 % global magnitude masks: survivors rewound to init vs fresh random init, retrained
// Results are written after every part: docs/results/science-seed<N>.json per seed and
// docs/results/science.md over the seeds (mean ± sd, each seed listed, commit and date);
// subset runs write -subset.json (git-ignored) and /tmp/science-subset.md.
//
// Usage: npx tsx scripts/experiments/measure-science.ts [--seeds 1,2,3 | --seed N] [--train N] [--test N]
//        [--epochs N] [--per-round P] [--target S] [--ft-epochs N] [--lottery-rate R] [--agp-target S]
//        [--agp-epochs N] [--parts a,b,…] [--no-cache] [--report-only] (re-renders the markdown from the JSONs)

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { useBackendForTest } from '../../src/core/backend/testWasmSetup';
import { takeFirst } from '../../src/core/data/batches';
import { runAgp } from '../../src/core/lab/agp';
import type { JobProgress, LabContext, PruneSpec, TrainSpec } from '../../src/core/lab/context';
import { runIterative } from '../../src/core/lab/iterative';
import { runLottery } from '../../src/core/lab/lottery';
import { HAN_LENET5, SENSITIVITY_RATES, SWEEP_RATES } from '../../src/core/models/references';
import { runSensitivity } from '../../src/core/lab/sensitivity';
import { runSweep } from '../../src/core/lab/sweep';
import { CRITERIA, methodFor, type Scope, type Structure } from '../../src/core/method';
import { CRITERION_UNITS } from '../../src/core/criteria';
import { buildLenet5 } from '../../src/core/nets/lenet5';
import { getModelSpec } from '../../src/core/nets/registry';
import { snapshotWeights, writeWeights } from '../../src/core/train/modelWeights';
import { iterativeRates } from '../../src/core/prune/schedules';
import { imageBatchSource } from '../../src/core/train/batchSource';
import { evaluate } from '../../src/core/train/evaluate';
import { createOptimizer } from '../../src/core/train/optimizers';
import { trainModel } from '../../src/core/train/trainLoop';
import { argNumber as arg, argString } from '../cliArgs';
import { compactExperiment } from './lib/compactExperiment';
import { trainWithEpochEvaluation } from './lib/epochTraining';
import { loadMnistFromNodeModules } from './lib/mnistNode';
import { log } from './lib/log';
import { runInfo, seedsFromArgs } from './lib/runInfo';
import { scienceMarkdown, type ScienceJson } from './lib/scienceReport';
import { readSeedJson, reportOnly, saveSeed, type SeedOutput } from './lib/seedRuns';
import { pct } from './lib/seedStats';
import { loadWeights, saveWeights } from './lib/weightCache';

const seeds = seedsFromArgs();
/** The criteria scored from gradients: the per-example part scores them from single examples. */
const GRADIENT_CRITERIA = CRITERION_UNITS.filter((u) => u.needs === 'gradients').map((u) => u.id);
const epochs = arg('epochs', 3);
const trainCount = arg('train', 60000);
const testCount = arg('test', 10000);
const perRound = arg('per-round', 0.5);
const target = arg('target', 0.92);
const ftEpochs = arg('ft-epochs', 1);
const lotteryRate = arg('lottery-rate', 0.8);
const agpTarget = arg('agp-target', 0.9);
const agpEpochs = arg('agp-epochs', 3);
const parts = new Set((argString('parts') ?? 'sweep,per-example,sensitivity,channels,iterative,dense-control,agp,lottery').split(','));
const useCache = !process.argv.includes('--no-cache');
const subset = trainCount < 60000 || testCount < 10000 || epochs !== 3;
const output: SeedOutput<ScienceJson> = {
  jsonFile: (seed) => join('docs', 'results', `science-seed${seed}${subset ? '-subset' : ''}.json`),
  mdFile: subset ? '/tmp/science-subset.md' : join('docs', 'results', 'science.md'),
  markdown: scienceMarkdown,
};
if (process.argv.includes('--report-only')) {
  reportOnly(output, seeds);
  process.exit(0);
}

const spec = getModelSpec('lenet5');
const defaults = spec.defaults;
const layers = spec.prunableLayers;
const mnist = loadMnistFromNodeModules();
const train = imageBatchSource(takeFirst(mnist.train, trainCount));
const test = imageBatchSource(takeFirst(mnist.test, testCount));
await useBackendForTest('wasm');
/** The code and machine of this run (the code is loaded now: later commits do not change it). */
const info = runInfo();
const trainSpec = (e: number, s: number): TrainSpec => ({ ...defaults, epochs: e, seed: s });

let lastLabel = '';
let lastTrainLog = 0;
const onProgress = (p: JobProgress) => {
  if (p.label !== lastLabel) log(`  ${p.job} ${p.done}/${p.total}: ${p.label}`);
  lastLabel = p.label;
  if (p.train && performance.now() - lastTrainLog > 30_000) {
    lastTrainLog = performance.now();
    log(`    epoch ${p.train.epoch} batch ${p.train.batch}/${p.train.batches} loss ${p.train.loss.toFixed(4)} ${p.train.imagesPerSec.toFixed(0)} img/s`);
  }
};

type Results = { -readonly [K in keyof ScienceJson]?: ScienceJson[K] };
const PART_KEYS = ['sweep_global', 'sweep_layer', 'sensitivity', 'sweep_channels', 'sweep_per_example', 'compact', 'iterative', 'dense_control', 'agp', 'lottery'] as const;

/** Parts not run now keep their figures from an earlier run of this seed with the same settings and dense model. */
function earlierResults(seed: number, denseAccuracy: number): Results {
  if (!existsSync(output.jsonFile(seed))) return {};
  let old: ScienceJson;
  try {
    old = readSeedJson(output, seed);
  } catch (e) {
    log(`${e instanceof Error ? e.message : String(e)}: none of its figures are kept`);
    return {};
  }
  const same = old.settings.seed === seed && old.settings.epochs === epochs && old.settings.train === train.count && old.settings.test === test.count;
  if (!same || Math.abs(old.dense.accuracy - denseAccuracy) > 1e-9) return {};
  const kept: Results = { runs: old.runs ?? [{ date: old.date, commit: old.commit, parts: [], seconds: old.totalSeconds }] };
  for (const key of PART_KEYS) Object.assign(kept, { [key]: old[key] });
  return kept;
}

/** The dense LeNet-5 of `seed` (trained, or read from the weight cache) and its weights before training. */
async function denseModel(seed: number) {
  const model = buildLenet5(seed);
  const cacheKey = `lenet5-seed${seed}-e${epochs}-n${train.count}`;
  const cached = useCache ? loadWeights(cacheKey) : null;
  if (cached) {
    writeWeights(model, cached.snapshots.dense);
    const trainSeconds = Number(cached.meta.trainSeconds);
    log(`seed ${seed}: dense weights read from the cache (${cacheKey}; trained in ${trainSeconds.toFixed(0)} s)`);
    return { model, initial: cached.snapshots.initial, trainSeconds, cached: true };
  }
  const initial = await snapshotWeights(model);
  const optimizer = createOptimizer(defaults);
  const { result } = await trainWithEpochEvaluation(model, train, test, { epochs, batchSize: defaults.batchSize, seed, optimizer, task: spec.task, log });
  optimizer.dispose();
  saveWeights(cacheKey, { snapshots: { initial, dense: await snapshotWeights(model) }, meta: { trainSeconds: result.seconds } });
  return { model, initial, trainSeconds: result.seconds, cached: false };
}

async function runSeed(seed: number): Promise<ScienceJson> {
  const started = performance.now();
  const startDate = new Date().toISOString();
  log(`seed ${seed}: LeNet-5, train ${train.count}, test ${test.count}, ${epochs} epochs`);
  const { model, initial, trainSeconds, cached } = await denseModel(seed);
  const dense = await snapshotWeights(model);
  const denseAccuracy = (await evaluate(model, test, { task: spec.task })).accuracy;
  log(`seed ${seed}: dense ${pct(denseAccuracy)}`);
  const ctx: LabContext = { model, layers, task: spec.task, trainSet: train, testSet: test };
  const pruneSpec = (scope: Scope, structure: Structure = 'weights'): PruneSpec => ({
    method: methodFor(layers, { scope, structure }),
    seed,
    gradients: { batches: 8, batchSize: 64 },
  });

  const results = earlierResults(seed, denseAccuracy);
  const saved: { json: ScienceJson | null } = { json: null };
  const save = () => {
    const json: ScienceJson = {
      ...info,
      date: new Date().toISOString(),
      settings: { ...defaults, seed, epochs, train: train.count, test: test.count, perRound, target, ftEpochs, lotteryRate, agpTarget, agpEpochs },
      dense: { accuracy: denseAccuracy, trainSeconds, cached },
      reference: HAN_LENET5,
      ...results,
      totalSeconds: (performance.now() - started) / 1000,
      runs: [...(results.runs ?? []), { date: startDate, commit: info.commit, parts: [...parts], seconds: (performance.now() - started) / 1000 }],
    };
    saveSeed(output, seed, [...done, json]);
    saved.json = json;
  };

  if (parts.has('sweep')) {
    const criteria = CRITERIA;
    results.sweep_global = await runSweep(ctx, dense, { criteria, rates: SWEEP_RATES, spec: pruneSpec('global'), onProgress });
    results.sweep_layer = await runSweep(ctx, dense, { criteria, rates: SWEEP_RATES, spec: pruneSpec('layer'), onProgress });
    save();
  }
  if (parts.has('per-example')) {
    // Taylor and Fisher from per-example gradients (512 examples one at a time) instead of
    // 8 batch gradients: the empirical Fisher proper.
    const spec512 = { ...pruneSpec('global'), gradients: { batches: 512, batchSize: 1 } };
    results.sweep_per_example = await runSweep(ctx, dense, { criteria: GRADIENT_CRITERIA, rates: SWEEP_RATES, spec: spec512, onProgress });
    save();
  }
  if (parts.has('sensitivity')) {
    results.sensitivity = await runSensitivity(ctx, dense, { criterion: 'magnitude', structure: 'weights', rates: SENSITIVITY_RATES, seed, onProgress });
    save();
  }
  if (parts.has('channels')) {
    const criteria = CRITERIA;
    results.sweep_channels = await runSweep(ctx, dense, { criteria, rates: [0.25, 0.5, 0.75, 0.9], spec: pruneSpec('layer', 'channels'), onProgress });
    const method = methodFor(['conv2', 'fc1'], { rate: 0.5, scope: 'layer', structure: 'channels' });
    results.compact = await compactExperiment(ctx, dense, method, trainSpec(ftEpochs, seed + 1), log);
    save();
  }
  if (parts.has('iterative')) {
    const finetune = trainSpec(ftEpochs, seed + 1);
    results.iterative = (await runIterative(ctx, dense, { target, perRound, prune: pruneSpec('global'), finetune, onProgress })).result;
    save();
  }
  if (parts.has('dense-control')) {
    // The iterative run trains one fine-tuning epoch per round: the dense model trained for the
    // same extra epochs (same data orders, a fresh optimizer each round) is the fair comparison.
    const rounds = Math.max(iterativeRates(target, perRound).length, Math.ceil(agpEpochs / ftEpochs));
    writeWeights(model, dense);
    const accuracies: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const optimizer = createOptimizer(defaults);
      await trainModel(model, train, { epochs: ftEpochs, batchSize: defaults.batchSize, seed: seed + 1 + k, optimizer, task: spec.task });
      optimizer.dispose();
      accuracies.push((await evaluate(model, test, { task: spec.task })).accuracy);
      log(`dense control: ${(k + 1) * ftEpochs} extra epoch(s): ${pct(accuracies[k])}`);
    }
    results.dense_control = { extraEpochs: rounds * ftEpochs, accuracies, accuracy: accuracies[rounds - 1] };
    save();
  }
  if (parts.has('agp')) {
    // The app's AGP (the schedule job): Δt so that 20 mask updates cover the first 75 % of the
    // run's steps; training from the trained model with the dense run's seed.
    const steps = Math.ceil(train.count / defaults.batchSize) * agpEpochs;
    const frequency = Math.max(1, Math.round((steps * 0.75) / 20));
    results.agp = (await runAgp(ctx, dense, { final: agpTarget, frequency, prune: pruneSpec('global'), train: trainSpec(agpEpochs, seed), onProgress })).result;
    log(`AGP: ${pct(results.agp.finalAccuracy)} at ${pct(results.agp.finalSparsity, 3)} zeros`);
    save();
  }
  if (parts.has('lottery')) {
    const reinit = async () => {
      const fresh = buildLenet5(seed + 1000);
      const s = await snapshotWeights(fresh);
      fresh.dispose();
      return s;
    };
    results.lottery = (await runLottery(ctx, dense, { rate: lotteryRate, prune: pruneSpec('global'), retrain: trainSpec(epochs, seed), initial, reinit, onProgress })).result;
    save();
  }
  model.dispose();
  if (!saved.json) save();
  log(`seed ${seed} done in ${((performance.now() - started) / 60000).toFixed(1)} min`);
  return saved.json ?? readSeedJson(output, seed);
}

const done: ScienceJson[] = [];
for (const seed of seeds) done.push(await runSeed(seed));
log(`wrote ${output.mdFile} over seeds ${seeds.join(', ')}`);
