// Reproduces the tutorial's pruning experiments on MNIST with the same src/core code the
// browser runs (PruneSession: preview → measure → finetune), under Node with the tfjs
// wasm backend and our gradient kernels. Prints a markdown summary and writes a JSON.
//
// Experiments (one trained model, in this order, because fine-tuning replaces the anchor):
//   dense · 50 % per-layer · 90 % per-layer · 90 % global (all one-shot, no fine-tuning)
//   → 90 % global + fine-tuning (masks held) → sparsity check on the model's kernels.
//
// Usage: npx tsx scripts/experiments/measure-pruning.ts [--seed N] [--train N] [--test N] [--epochs N]
//        [--ft-epochs N] [--ft-seed N] [--init torch|he] [--out FILE]
// Default init: the app's (PyTorch's, 'torch'). Default output:
// docs/results/lenet5-pruning-seed<N>[-he][-subset].json; subset runs (fewer examples or
// other epochs) get -subset (git-ignored), so they never overwrite full results.
// Reusable parts live in scripts/experiments/lib/ (cliArgs, mnistNode, epochTraining, pruneProbe,
// pruningChecks, pruningReport); this file is the sequence of experiments.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../../src/core/backend/testWasmSetup';
import { takeFirst } from '../../src/core/data/batches';
import type { CheckpointInfo } from '../../src/protocol/events';
import { buildLenet5, type LenetInit } from '../../src/core/models/lenet5';
import { ESTIMATE_EXAMPLES } from '../../src/core/data/datasets';
import { getModelSpec } from '../../src/core/models/registry';
import { kernelName, snapshotWeights } from '../../src/core/prune/apply';
import type { PruneRequest } from '../../src/core/prune/controller';
import { modelSizes } from '../../src/session/pruneSession';
import { imageBatchSource } from '../../src/core/train/batchSource';
import { evaluate } from '../../src/core/train/evaluate';
import { createOptimizer } from '../../src/core/train/optimizers';
import { argNumber as arg, argString } from '../cliArgs';
import { trainWithEpochEvaluation } from './lib/epochTraining';
import { loadMnistFromNodeModules } from './lib/mnistNode';
import { PruneProbe } from './lib/pruneProbe';
import {
  checkLayer,
  countMaskDifferences,
  must,
  plainMagnitudeMasks,
  summarizeChecks,
  type LayerCheck,
} from './lib/pruningChecks';
import { pct, pruningMarkdown, TUTORIAL_REFERENCE, type IndependentResult, type ReportRow } from './lib/pruningReport';

// ---------------------------------------------------------------- arguments

const seed = arg('seed', 1);
const epochs = arg('epochs', 3);
const ftEpochs = arg('ft-epochs', 1);
const ftSeed = arg('ft-seed', seed + 1); // the app fine-tunes with seed + 1
const init: LenetInit = argString('init') === 'he' ? 'he' : 'torch';
const trainCount = arg('train', 60000);
const testCount = arg('test', 10000);
const subset = trainCount < 60000 || testCount < 10000 || epochs !== 3 || ftEpochs !== 1;
const outFile =
  argString('out') ?? join('docs', 'results', `lenet5-pruning-seed${seed}${init === 'he' ? '-he' : ''}${subset ? '-subset' : ''}.json`);


const spec = getModelSpec('lenet5');
const defaults = spec.defaults;
const layers = spec.prunableLayers;

// ---------------------------------------------------------------- data and backend

const mnist = loadMnistFromNodeModules();
const testImages = takeFirst(mnist.test, testCount);
const train = imageBatchSource(takeFirst(mnist.train, trainCount));
const test = imageBatchSource(testImages);
const estimate = imageBatchSource(takeFirst(testImages, ESTIMATE_EXAMPLES));

await useBackendForTest('wasm');
const backend = tf.getBackend();
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------- dense training

log(
  `LeNet-5 (${init} init), train ${train.count}, test ${test.count}, ${epochs} epochs, batch ${defaults.batchSize}, ` +
    `SGD lr ${defaults.learningRate} momentum ${defaults.momentum}, seed ${seed}, backend ${backend}`,
);
const model = buildLenet5(seed, init);
const optimizer = createOptimizer(defaults);

const { result: trainResult, epochRecords } = await trainWithEpochEvaluation(model, train, test, {
  epochs,
  batchSize: defaults.batchSize,
  seed,
  optimizer,
  task: spec.task,
  log,
});
optimizer.dispose();
const denseEval = await evaluate(model, test, { task: spec.task });
log(`dense: ${pct(denseEval.accuracy)} after ${trainResult.seconds.toFixed(1)} s (incl. per-epoch evaluation)`);

// ---------------------------------------------------------------- pruning session

const probe = await PruneProbe.open(
  { model, prunableLayers: layers, task: spec.task, trainSet: train, testSet: test, estimateSet: estimate },
  denseEval.accuracy,
  log,
);
const { session } = probe;
const denseCheckpoint = probe.lastEvent('checkpoint', (e) => e.checkpoint.kind === 'dense');

const request = (rate: number, scope: PruneRequest['scope']): PruneRequest => ({ rate, scope, include: [...layers], cap: null });

const layer50 = await probe.oneShot('50 % per-layer', request(0.5, 'layer'));
const layer90 = await probe.oneShot('90 % per-layer', request(0.9, 'layer'));
const global90 = await probe.oneShot('90 % global', request(0.9, 'global'));

// ---------------------------------------------------------------- diagnostics

// Sensitivity: one layer pruned at a time (the others dense), through the same session.
const sensitivity = await probe.sensitivity(layers, [0.5, 0.9]);
log(`sensitivity (one layer pruned): ${sensitivity.map((r) => `${r.layer}@${r.rate * 100}% ${pct(r.accuracy)}`).join(', ')}`);

// Independent check of the masks: plain sort-by-|w| magnitude pruning of the dense
// weights, written with setWeights (no src/core pruning code), evaluated the same way.
const denseKernels = new Map<string, Float32Array>();
{
  // The session's anchor is the dense model: write it back and read its kernels.
  session.preview(probe.id(), request(0, 'layer'));
  for (const layer of layers) {
    const w = model.weights.find((x) => x.originalName === kernelName(layer));
    if (!w) throw new Error(`no kernel for ${layer}`);
    denseKernels.set(layer, new Float32Array(await w.read().data()));
  }
}
const independent: IndependentResult[] = [];
for (const [name, rate, scope, ref] of [
  ['50 % per-layer', 0.5, 'layer', layer50],
  ['90 % per-layer', 0.9, 'layer', layer90],
  ['90 % global', 0.9, 'global', global90],
] as const) {
  const pruned = plainMagnitudeMasks(denseKernels, layers, rate, scope);
  const outcome = session.preview(probe.id(), request(rate, scope)); // session's masks, for comparison
  const maskDifferences = countMaskDifferences(layers, pruned, outcome.masks);
  const values = model.weights.map((w) => {
    const layer = layers.find((l) => kernelName(l) === w.originalName);
    return layer ? tf.tensor(must(pruned, layer), w.shape.map(Number)) : w.read().clone();
  });
  model.setWeights(values);
  tf.dispose(values);
  const ev = await evaluate(model, test, { task: spec.task });
  independent.push({ name, accuracy: ev.accuracy, sessionAccuracy: ref.accuracy, maskDifferences });
  log(`independent ${name}: ${pct(ev.accuracy)} (session ${pct(ref.accuracy)}, mask differences ${maskDifferences})`);
}

// ---------------------------------------------------------------- fine-tuning (last: it replaces the anchor)

const ftRequest = request(0.9, 'global');
const ftOutcome = session.preview(probe.id(), ftRequest);
const ftMasks = ftOutcome.masks.map((m) => Uint8Array.from(m));
log(`fine-tuning 90 % global for ${ftEpochs} epoch(s), seed ${ftSeed} …`);
await session.finetune({
  epochs: ftEpochs,
  seed: ftSeed,
  batchSize: defaults.batchSize,
  optimizer: defaults.optimizer,
  learningRate: defaults.learningRate,
  momentum: defaults.momentum,
  signal: new AbortController().signal,
});
const ftDone = probe.lastEvent('trainDone', (e) => e.kind === 'finetune');
const ftCheckpoint = probe.lastEvent('checkpoint', (e) => e.checkpoint.kind === 'finetuned');
log(`fine-tuned: ${pct(ftDone.testAccuracy)} in ${ftDone.seconds.toFixed(1)} s (${ftDone.imagesPerSec.toFixed(0)} img/s)`);

// Sparsity check on the model's own kernels (not on the snapshot the session keeps).
const checks: LayerCheck[] = [];
for (const [i, layer] of layers.entries()) {
  const w = model.weights.find((x) => x.originalName === kernelName(layer));
  if (!w) throw new Error(`no kernel for ${layer}`);
  checks.push(checkLayer(layer, await w.read().data(), ftMasks[i]));
}
const sparsity = summarizeChecks(checks);
const { totalSize, totalZeros, totalMasked, allMaskedZero, totalNegativeZeros } = sparsity;
const ftSparsity = sparsity.sparsity;
log(
  `sparsity after fine-tuning: ${totalZeros}/${totalSize} = ${pct(ftSparsity, 4)}; ` +
    `every masked weight zero: ${allMaskedZero}; stored as -0: ${totalNegativeZeros}; anchor sparsity ${pct(ftCheckpoint.checkpoint.sparsity, 4)}`,
);
const ftEval = await evaluate(model, test, { task: spec.task });
// Sizes of the weights now in the model (the session re-wrote anchor ⊙ mask after committing,
// with +0 for pruned weights) vs the committed checkpoint (the model right after the masked
// training steps). Same non-zeros; a gzip gap means the checkpoint's zeros differ in bits (-0).
const ftSizesRewritten = await modelSizes(await snapshotWeights(model), layers);
log(`fine-tuned sizes: checkpoint gzip ${ftCheckpoint.sizes.gzipBytes} B, same weights re-written by preview ${ftSizesRewritten.gzipBytes} B`);
const leakedTensors = tf.memory().numTensors;

// ---------------------------------------------------------------- report

const reference = TUTORIAL_REFERENCE;

const rows: ReportRow[] = [
  { experiment: 'dense', accuracy: denseEval.accuracy, reference: reference.dense, sparsity: denseCheckpoint.checkpoint.sparsity, sizes: denseCheckpoint.sizes },
  { experiment: '50 % per-layer (no FT)', accuracy: layer50.accuracy, reference: reference.layer50, sparsity: layer50.sparsity, sizes: layer50.sizes },
  { experiment: '90 % per-layer (no FT)', accuracy: layer90.accuracy, reference: reference.layer90, sparsity: layer90.sparsity, sizes: layer90.sizes },
  { experiment: '90 % global (no FT)', accuracy: global90.accuracy, reference: reference.global90, sparsity: global90.sparsity, sizes: global90.sizes },
  {
    experiment: `90 % global + ${ftEpochs} FT epoch`,
    accuracy: ftDone.testAccuracy,
    reference: reference.global90Finetuned,
    sparsity: ftSparsity,
    sizes: ftCheckpoint.sizes,
  },
];
const markdown = pruningMarkdown({
  seed,
  trainCount: train.count,
  testCount: test.count,
  epochs,
  init,
  backend,
  layers,
  rows,
  global90,
  checks,
  sparsity,
  epochRecords,
  finetune: { epochs: ftEpochs, seconds: ftDone.seconds, imagesPerSec: ftDone.imagesPerSec },
  sensitivity,
  independent,
});
console.log(`\n${markdown}\n`);

const json = {
  date: new Date().toISOString(),
  node: process.version,
  backend,
  tfjs: tf.version.tfjs,
  platform: `${process.platform} ${process.arch}`,
  settings: {
    model: 'lenet5',
    init,
    seed,
    epochs,
    train: train.count,
    test: test.count,
    estimateExamples: estimate.count,
    batchSize: defaults.batchSize,
    optimizer: defaults.optimizer,
    learningRate: defaults.learningRate,
    momentum: defaults.momentum,
    finetune: { epochs: ftEpochs, seed: ftSeed },
  },
  reference,
  dense: {
    accuracy: denseEval.accuracy,
    loss: denseEval.loss,
    sizes: denseCheckpoint.sizes,
    checkpoint: denseCheckpoint.checkpoint,
    epochs: epochRecords,
    trainSeconds: trainResult.seconds,
  },
  oneShot: { layer50, layer90, global90 },
  sensitivity,
  independent,
  finetuned: {
    request: ftRequest,
    accuracy: ftDone.testAccuracy,
    accuracyReevaluated: ftEval.accuracy,
    seconds: ftDone.seconds,
    imagesPerSec: ftDone.imagesPerSec,
    checkpoint: ftCheckpoint.checkpoint satisfies CheckpointInfo,
    sizes: ftCheckpoint.sizes,
    sizesAfterPreviewRewrite: ftSizesRewritten,
    sparsityCheck: {
      zeros: totalZeros,
      prunable: totalSize,
      masked: totalMasked,
      sparsity: ftSparsity,
      allMaskedWeightsZero: allMaskedZero,
      negativeZeros: totalNegativeZeros,
      layers: checks,
    },
  },
  liveTensorsAtEnd: leakedTensors,
  markdown,
};
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(json, null, 2)}\n`);
log(`wrote ${outFile}`);
model.dispose();
