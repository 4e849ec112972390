// "Pruning science beyond magnitude" on full MNIST with the same src/core code the browser
// runs (src/core/experiments), under Node with the tfjs wasm backend and our gradient kernels.
// One LeNet-5 is trained (or read from the weight cache), then, in this order:
//   sweep      magnitude / random / taylor / fisher × rates, global and per-layer scope (one-shot)
//   per-example taylor and fisher from 512 single-example gradients (global sweep)
//   sensitivity each layer pruned alone across rates (magnitude)
//   channels   50 % of conv2 filters and fc1 neurons removed → compact model: params, bytes,
//              inference speed, output difference, accuracy; then fine-tuned and compacted again
//   iterative  magnitude, global, half of what remains per round → 92 %, fine-tuning each round
//   dense-control the dense model trained for the same extra epochs as the iterative run
//   lottery    80 % global magnitude masks: survivors rewound to init vs fresh random init, retrained
// Results are written after every part: docs/results/science-seed<N>.json and science.md
// (subset runs: -subset.json, git-ignored, and /tmp/science-subset.md).
//
// Usage: npx tsx scripts/experiments/measure-science.ts [--seed N] [--train N] [--test N] [--epochs N]
//        [--per-round P] [--target S] [--ft-epochs N] [--lottery-rate R] [--parts a,b,…] [--no-cache]
//        [--report-only] (re-renders the markdown from the JSON)

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../../src/core/backend/testWasmSetup';
import { takeFirst } from '../../src/core/data/batches';
import { buildLenet5 } from '../../src/core/models/lenet5';
import { getModelSpec } from '../../src/core/models/registry';
import { snapshotWeights, writeWeights } from '../../src/core/prune/apply';
import type { Criterion } from '../../src/core/prune/scores';
import type { JobProgress, LabContext, PruneSpec, TrainSpec } from '../../src/core/experiments/context';
import { runIterative } from '../../src/core/experiments/iterative';
import { iterativeRates } from '../../src/core/prune/schedules';
import { trainModel } from '../../src/core/train/trainLoop';
import { runLottery } from '../../src/core/experiments/lottery';
import { HAN_LENET5, SENSITIVITY_RATES, SWEEP_RATES } from '../../src/core/experiments/references';
import { runSensitivity } from '../../src/core/experiments/sensitivity';
import { runSweep } from '../../src/core/experiments/sweep';
import { imageBatchSource } from '../../src/core/train/batchSource';
import { evaluate } from '../../src/core/train/evaluate';
import { createOptimizer } from '../../src/core/train/optimizers';
import { argNumber as arg, argString } from '../cliArgs';
import { compactExperiment } from './lib/compactExperiment';
import { trainWithEpochEvaluation } from './lib/epochTraining';
import { loadMnistFromNodeModules } from './lib/mnistNode';
import { pct } from './lib/pruningReport';
import { scienceMarkdown, type ScienceJson } from './lib/scienceReport';
import { loadWeights, saveWeights } from './lib/weightCache';

const seed = arg('seed', 1);
const epochs = arg('epochs', 3);
const trainCount = arg('train', 60000);
const testCount = arg('test', 10000);
const perRound = arg('per-round', 0.5);
const target = arg('target', 0.92);
const ftEpochs = arg('ft-epochs', 1);
const lotteryRate = arg('lottery-rate', 0.8);
const parts = new Set((argString('parts') ?? 'sweep,per-example,sensitivity,channels,iterative,dense-control,lottery').split(','));
const useCache = !process.argv.includes('--no-cache');
const subset = trainCount < 60000 || testCount < 10000 || epochs !== 3;
const outJson = join('docs', 'results', `science-seed${seed}${subset ? '-subset' : ''}.json`);
const outMd = subset ? '/tmp/science-subset.md' : join('docs', 'results', 'science.md');

if (process.argv.includes('--report-only')) {
  // Re-renders the markdown from the JSON of an earlier run (e.g. after a report change).
  writeFileSync(outMd, scienceMarkdown(JSON.parse(readFileSync(outJson, 'utf8')) as ScienceJson));
  console.log(`wrote ${outMd} from ${outJson}`);
  process.exit(0);
}

const spec = getModelSpec('lenet5');
const defaults = spec.defaults;
const layers = spec.prunableLayers;
const started = performance.now();
const startDate = new Date().toISOString();
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------- data, backend, dense model

const mnist = loadMnistFromNodeModules();
const train = imageBatchSource(takeFirst(mnist.train, trainCount));
const test = imageBatchSource(takeFirst(mnist.test, testCount));
await useBackendForTest('wasm');
const backend = tf.getBackend();
log(`LeNet-5, train ${train.count}, test ${test.count}, ${epochs} epochs, seed ${seed}, backend ${backend}`);

const model = buildLenet5(seed);
const cacheKey = `lenet5-seed${seed}-e${epochs}-n${train.count}`;
const cached = useCache ? loadWeights(cacheKey) : null;
let initial = await snapshotWeights(model);
let denseTrainSeconds: number;
if (cached) {
  initial = cached.snapshots.initial;
  writeWeights(model, cached.snapshots.dense);
  denseTrainSeconds = Number(cached.meta.trainSeconds);
  log(`dense weights read from the cache (${cacheKey}; trained in ${denseTrainSeconds.toFixed(0)} s)`);
} else {
  const optimizer = createOptimizer(defaults);
  const { result } = await trainWithEpochEvaluation(model, train, test, { epochs, batchSize: defaults.batchSize, seed, optimizer, task: spec.task, log });
  optimizer.dispose();
  denseTrainSeconds = result.seconds;
  saveWeights(cacheKey, { snapshots: { initial, dense: await snapshotWeights(model) }, meta: { trainSeconds: result.seconds } });
}
const dense = await snapshotWeights(model);
const denseAccuracy = (await evaluate(model, test, { task: spec.task })).accuracy;
log(`dense: ${pct(denseAccuracy)}`);

const ctx: LabContext = { model, layers, task: spec.task, trainSet: train, testSet: test };
const pruneSpec = (scope: PruneSpec['scope'], structure: PruneSpec['structure'] = 'weights'): Omit<PruneSpec, 'criterion'> => ({
  scope,
  structure,
  include: layers,
  cap: null,
  seed,
  gradients: { batches: 8, batchSize: 64 },
});
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

// ---------------------------------------------------------------- results, written after every part

type Results = { -readonly [K in keyof ScienceJson]?: ScienceJson[K] };
/** Parts not run now keep their figures from an earlier run with the same settings. */
function earlierResults(): Results {
  if (!existsSync(outJson)) return {};
  const old = JSON.parse(readFileSync(outJson, 'utf8')) as ScienceJson;
  const same = old.settings.seed === seed && old.settings.epochs === epochs && old.settings.train === train.count && old.settings.test === test.count;
  if (!same || Math.abs(old.dense.accuracy - denseAccuracy) > 1e-9) return {};
  const { sweep_global, sweep_layer, sensitivity, sweep_channels, sweep_per_example, compact, iterative, dense_control, lottery } = old;
  const runs = old.runs ?? [{ date: old.date, parts: [], seconds: old.totalSeconds }];
  return { sweep_global, sweep_layer, sensitivity, sweep_channels, sweep_per_example, compact, iterative, dense_control, lottery, runs };
}
const results: Results = earlierResults();
function save(): void {
  const json: ScienceJson = {
    date: new Date().toISOString(),
    node: process.version,
    tfjs: tf.version.tfjs,
    backend,
    platform: `${process.platform} ${process.arch}`,
    settings: { ...defaults, seed, epochs, train: train.count, test: test.count, perRound, target, ftEpochs, lotteryRate },
    dense: { accuracy: denseAccuracy, trainSeconds: denseTrainSeconds, cached: cached !== null },
    reference: HAN_LENET5,
    ...results,
    totalSeconds: (performance.now() - started) / 1000,
    runs: [...(results.runs ?? []), { date: startDate, parts: [...parts], seconds: (performance.now() - started) / 1000 }],
  };
  mkdirSync(dirname(outJson), { recursive: true });
  writeFileSync(outJson, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(outMd, scienceMarkdown(json));
  log(`wrote ${outJson} and ${outMd}`);
}

// ---------------------------------------------------------------- the experiments

if (parts.has('sweep')) {
  const criteria: readonly Criterion[] = ['magnitude', 'random', 'taylor', 'fisher'];
  for (const scope of ['global', 'layer'] as const) {
    const r = await runSweep(ctx, dense, { criteria, rates: SWEEP_RATES, spec: pruneSpec(scope), onProgress });
    if (scope === 'global') results.sweep_global = r;
    else results.sweep_layer = r;
    save();
  }
}

if (parts.has('per-example')) {
  // Taylor and Fisher from per-example gradients (512 examples one at a time) instead of
  // 8 batch gradients: the empirical Fisher proper.
  const spec512 = { ...pruneSpec('global'), gradients: { batches: 512, batchSize: 1 } };
  results.sweep_per_example = await runSweep(ctx, dense, { criteria: ['taylor', 'fisher'], rates: SWEEP_RATES, spec: spec512, onProgress });
  save();
}

if (parts.has('sensitivity')) {
  const r = await runSensitivity(ctx, dense, { criterion: 'magnitude', structure: 'weights', rates: SENSITIVITY_RATES, seed, onProgress });
  results.sensitivity = r;
  save();
}

if (parts.has('channels')) {
  const request = { rate: 0.5, scope: 'layer' as const, include: ['conv2', 'fc1'], cap: null, structure: 'channels' as const };
  const sweep = await runSweep(ctx, dense, { criteria: ['magnitude', 'random', 'taylor', 'fisher'], rates: [0.25, 0.5, 0.75, 0.9], spec: pruneSpec('layer', 'channels'), onProgress });
  results.sweep_channels = sweep;
  const c = await compactExperiment(ctx, dense, request, trainSpec(ftEpochs, seed + 1), log);
  results.compact = c;
  save();
}

if (parts.has('iterative')) {
  const { result } = await runIterative(ctx, dense, {
    target,
    perRound,
    prune: { ...pruneSpec('global'), criterion: 'magnitude' },
    finetune: trainSpec(ftEpochs, seed + 1),
    onProgress,
  });
  results.iterative = result;
  save();
}

if (parts.has('dense-control')) {
  // The iterative run trains one fine-tuning epoch per round: the dense model trained for the
  // same extra epochs (same data orders, a fresh optimizer each round) is the fair comparison.
  const rounds = iterativeRates(target, perRound).length;
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
  writeWeights(model, dense);
  save();
}

if (parts.has('lottery')) {
  const { result } = await runLottery(ctx, dense, {
    rate: lotteryRate,
    prune: { ...pruneSpec('global'), criterion: 'magnitude' },
    retrain: trainSpec(epochs, seed),
    initial,
    reinit: async () => {
      const fresh = buildLenet5(seed + 1000);
      const s = await snapshotWeights(fresh);
      fresh.dispose();
      return s;
    },
    onProgress,
  });
  results.lottery = result;
  save();
}

log(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
model.dispose();
