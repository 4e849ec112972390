// Reproduces Deep Compression's LeNet tables (Han, Mao and Dally, ICLR 2016) with the lab's
// core under Node on the tfjs wasm backend, for LeNet-5 and LeNet-300-100, per seed:
//   dense baseline trained with Caffe's LeNet solver (SGD lr 0.01, momentum 0.9, weight
//   decay 5e-4, inv policy γ 1e-4 power 0.75, 10,000 iterations of batch 64)
//   → iterative magnitude pruning to the paper's per-layer rates, prune → retrain rounds
//   → k-means weight sharing (8 bits conv, 5 bits dense) → centroid fine-tuning
//   → Huffman coding into the file format, decoded back and checked bit for bit.
// Writes docs/results/deep-compression-<model>-seed<N>.json per run; with --report-only
// (or at the end) docs/results/deep-compression.md + .json over every run found.
//
// Usage: npx tsx scripts/experiments/measure-deep-compression.ts [--models lenet5,lenet300]
//        [--start caffe|shipped] [--seeds 1,2,3] [--rounds N] [--retrain-epochs N] [--retrain-lr 0.01] [--ft-epochs N] (defaults: PAPER_SCHEDULE) [--ft-lr 1e-4] [--train N] [--test N] [--report-only]

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { runCompression, type CompressOptions } from '../../src/core/compress/pipeline';
import { CAFFE_LENET_SOLVER, CENTROID_FINETUNE, PAPER_RECIPES, PAPER_RETRAIN, PAPER_SCHEDULE } from '../../src/core/compress/recipe';
import { getModelSpec } from '../../src/core/nets/registry';
import { snapshotWeights, writeWeights } from '../../src/core/train/modelWeights';
import { evaluate } from '../../src/core/train/evaluate';
import { createOptimizer } from '../../src/core/train/optimizers';
import { trainModel } from '../../src/core/train/trainLoop';
import type { WeightSnapshot } from '../../src/core/weights';
import { argNumber as arg, argString } from '../cliArgs';
import { mnistOnWasm } from './lib/denseLenet';
import { deepCompressionReport, type DeepCompressionRun } from './lib/deepCompressionReport';
import { log } from './lib/log';
import { runInfo, seedsFromArgs } from './lib/runInfo';

const models = (argString('models') ?? 'lenet5,lenet300').split(',').filter((m): m is 'lenet5' | 'lenet300' => m === 'lenet5' || m === 'lenet300');
const seeds = seedsFromArgs();
const rounds = arg('rounds', PAPER_SCHEDULE.rounds);
const retrainEpochs = arg('retrain-epochs', PAPER_SCHEDULE.retrainEpochs);
const ftEpochs = arg('ft-epochs', PAPER_SCHEDULE.finetuneEpochs);
const ftRate = arg('ft-lr', CENTROID_FINETUNE.learningRate);
const retrainRate = arg('retrain-lr', PAPER_RETRAIN.learningRate);
const trainCount = arg('train', 60000);
const testCount = arg('test', 10000);
const iterations = arg('iterations', CAFFE_LENET_SOLVER.iterations);
/** 'caffe': train the dense baseline with Caffe's LeNet solver; 'shipped': start from models/trained/<model> (the tutorial's 3 epochs). */
const startFrom = argString('start') === 'shipped' ? 'shipped' : 'caffe';
const subset = trainCount < 60000 || testCount < 10000 || iterations !== CAFFE_LENET_SOLVER.iterations;
const dir = subset ? '/tmp/deep-compression' : join('docs', 'results');
const jsonFile = (model: string, seed: number, start = startFrom) => join(dir, `deep-compression-${model}${start === 'shipped' ? '-shipped' : ''}-seed${seed}.json`);
mkdirSync(dir, { recursive: true });

function writeReport(): void {
  const runs: DeepCompressionRun[] = [];
  for (const model of ['lenet5', 'lenet300']) {
    for (const start of ['caffe', 'shipped'] as const) {
      for (const seed of [1, 2, 3, 4, 5]) {
        const f = jsonFile(model, seed, start);
        if (existsSync(f)) runs.push(JSON.parse(readFileSync(f, 'utf8')) as DeepCompressionRun);
      }
    }
  }
  const { markdown, summary } = deepCompressionReport(runs);
  writeFileSync(join(dir, 'deep-compression.md'), markdown);
  writeFileSync(join(dir, 'deep-compression.json'), JSON.stringify(summary, null, 2) + '\n');
  log(`wrote ${join(dir, 'deep-compression.md')} (${runs.length} runs)`);
}

if (process.argv.includes('--report-only')) {
  writeReport();
  process.exit(0);
}

/** The code and machine of this run, read once: the code is loaded now, later commits do not change it. */
const started = runInfo();
const { train, test } = await mnistOnWasm(trainCount, testCount);
/** The backend is known once the data loader has set it (read before, it was missing from the results). */
const info = { ...started, backend: tf.getBackend() };
const cacheDir = '/tmp/deep-compression-cache';
mkdirSync(cacheDir, { recursive: true });

/** The shipped trained model's weights (tfjs format: weights.bin in the manifest's order). */
function shippedWeights(modelId: string, model: tf.LayersModel): WeightSnapshot {
  const folder = join('models', 'trained', modelId);
  const manifest = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
  const bin = readFileSync(join(folder, 'weights.bin'));
  const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
  const byName = new Map<string, Float32Array>();
  let at = 0;
  for (const w of manifest.weightsManifest.flatMap((m) => m.weights)) {
    const n = w.shape.reduce((a, b) => a * b, 1);
    byName.set(w.name, all.slice(at, at + n));
    at += n;
  }
  const names = model.weights.map((w) => w.originalName);
  const weights = {
    names,
    shapes: model.weights.map((w) => w.shape.map(Number)),
    values: names.map((n) => {
      const v = byName.get(n);
      if (!v) throw new Error(`the shipped ${modelId} has no weight ${n}`);
      return v;
    }),
  };
  writeWeights(model, weights);
  return weights;
}

/** Dense weights trained with Caffe's LeNet solver, cached per model, seed and data size. */
async function denseBaseline(modelId: string, seed: number, model: tf.LayersModel): Promise<{ weights: WeightSnapshot; seconds: number }> {
  const key = join(cacheDir, `${modelId}-seed${seed}-it${iterations}-n${train.count}.json`);
  if (existsSync(key)) {
    const c = JSON.parse(readFileSync(key, 'utf8')) as { names: string[]; shapes: number[][]; values: number[][]; seconds: number };
    const weights = { names: c.names, shapes: c.shapes, values: c.values.map((v) => Float32Array.from(v)) };
    writeWeights(model, weights);
    log(`${modelId} seed ${seed}: dense weights from ${key}`);
    return { weights, seconds: c.seconds };
  }
  const stop = new AbortController();
  let steps = 0;
  const optimizer = createOptimizer(CAFFE_LENET_SOLVER);
  const epochs = Math.ceil((iterations * CAFFE_LENET_SOLVER.batchSize) / train.count);
  const result = await trainModel(model, train, {
    epochs,
    batchSize: CAFFE_LENET_SOLVER.batchSize,
    seed,
    optimizer,
    signal: stop.signal,
    afterStep: () => {
      if (++steps >= iterations) stop.abort();
    },
    progressIntervalMs: 30_000,
    onProgress: (p) => log(`  dense step ${p.step}/${iterations} loss ${p.loss.toFixed(4)} ${p.imagesPerSec.toFixed(0)} img/s`),
  });
  optimizer.dispose();
  const weights = await snapshotWeights(model);
  writeFileSync(key, JSON.stringify({ ...weights, values: weights.values.map((v) => Array.from(v)), seconds: result.seconds }));
  return { weights, seconds: result.seconds };
}

for (const modelId of models) {
  const spec = getModelSpec(modelId);
  const recipe = PAPER_RECIPES[modelId];
  for (const seed of seeds) {
    if (existsSync(jsonFile(modelId, seed)) && !process.argv.includes('--force')) {
      log(`${modelId} seed ${seed}: already measured (${jsonFile(modelId, seed)}); --force to redo`);
      continue;
    }
    const model = spec.build(seed, 0);
    const dense = startFrom === 'shipped' ? { weights: shippedWeights(modelId, model), seconds: 0 } : await denseBaseline(modelId, seed, model);
    const denseEval = await evaluate(model, test, { task: spec.task });
    log(`${modelId} seed ${seed}: dense ${(denseEval.accuracy * 100).toFixed(2)} % after ${dense.seconds.toFixed(0)} s`);
    const opts: CompressOptions = {
      modelId,
      keep: recipe.keep,
      rounds,
      retrain: { ...PAPER_RETRAIN, learningRate: retrainRate, epochs: retrainEpochs, seed: seed + 100 },
      bits: recipe.bits,
      finetune: { ...CENTROID_FINETUNE, learningRate: ftRate, epochs: ftEpochs, seed: seed + 200 },
    };
    let last = 0;
    const result = await runCompression({ model, layers: spec.prunableLayers, task: spec.task, trainSet: train, testSet: test }, dense.weights, opts, (p) => {
      if (performance.now() - last > 30_000) {
        last = performance.now();
        log(`  ${p.stage} ${p.done}/${p.total}${p.train ? ` loss ${p.train.loss.toFixed(4)}` : ''}`);
      }
    });
    for (const s of result.stages) log(`  ${s.stage}: ${s.bytes} B (${(result.denseBytes / s.bytes).toFixed(1)}×) ${(s.accuracy * 100).toFixed(2)} %`);
    log(`  bit-identical round trip: ${result.bitIdentical}; ${result.seconds.toFixed(0)} s`);
    const run: DeepCompressionRun = {
      model: modelId,
      seed,
      info,
      denseTrainSeconds: dense.seconds,
      iterations,
      start: startFrom,
      options: opts,
      denseBytes: result.denseBytes,
      fileBytes: result.file.length,
      stages: result.stages,
      layers: result.layers,
      bitIdentical: result.bitIdentical,
      pipelineSeconds: result.seconds,
    };
    writeFileSync(jsonFile(modelId, seed), JSON.stringify(run, null, 2) + '\n');
    model.dispose();
  }
}
writeReport();
