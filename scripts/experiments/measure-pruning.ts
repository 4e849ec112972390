// Reproduces the tutorial's pruning experiments on MNIST with the lab's own worker session
// (LabSession: train → prune as the slider does → finetune), under Node with the tfjs wasm
// backend and our gradient kernels, for one or more seeds. Per seed, on one trained model
// and in this order (fine-tuning replaces the anchor, so it comes last):
//   dense · 50 % per layer · 90 % per layer · 90 % global (one-shot, no fine-tuning)
//   → sensitivity (one layer pruned at 50 % and 90 %, the others dense)
//   → independent check: plain sort-by-|w| masks written with setWeights into a separate model
//   → 90 % global + fine-tuning (masks held) → zeros counted in the model's own kernels.
// Writes docs/results/lenet5-pruning-seed<N>[-he].json per seed and, over the seeds,
// docs/results/lenet5-pruning-seeds[-he].md (mean ± sd, each seed listed, commit and date).
// Subset runs (fewer examples or other epochs) write -subset.json (git-ignored) and a
// markdown under /tmp, so they never overwrite full results.
//
// Usage: npx tsx scripts/experiments/measure-pruning.ts [--seeds 1,2,3 | --seed N] [--train N] [--test N]
//        [--epochs N] [--ft-epochs N] [--init torch|he] [--report-only]
// Default init: the app's (PyTorch's, 'torch'); fine-tuning uses seed + 1, as the app does.

import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { methodFor, type Scope } from '../../src/core/method';
import { buildLenet5, type LenetInit } from '../../src/core/nets/lenet5';
import { getModelSpec, type ModelSpec } from '../../src/core/nets/registry';
import { evaluate } from '../../src/core/train/evaluate';
import { kernelName, layerKernels, type WeightSnapshot } from '../../src/core/weights';
import { argNumber as arg, argString } from '../cliArgs';
import { log } from './lib/log';
import { openNodeLab, progressLogger } from './lib/nodeLab';
import { layerSensitivity, oneShot } from './lib/pruneProbe';
import { checkLayer, countMaskDifferences, must, plainMagnitudeMasks, summarizeChecks } from './lib/pruningChecks';
import { pruningMarkdown, TUTORIAL_REFERENCE, type IndependentResult, type PruningSeedJson } from './lib/pruningReport';
import { runInfo, seedsFromArgs } from './lib/runInfo';
import { reportOnly, runSeeds, type SeedOutput } from './lib/seedRuns';
import { pct } from './lib/seedStats';

// ---------------------------------------------------------------- arguments

const seeds = seedsFromArgs();
const epochs = arg('epochs', 3);
const ftEpochs = arg('ft-epochs', 1);
const init: LenetInit = argString('init') === 'he' ? 'he' : 'torch';
const trainCount = arg('train', 60000);
const testCount = arg('test', 10000);
const subset = trainCount < 60000 || testCount < 10000 || epochs !== 3 || ftEpochs !== 1;
const tag = `${init === 'he' ? '-he' : ''}${subset ? '-subset' : ''}`;
const output: SeedOutput<PruningSeedJson> = {
  jsonFile: (seed) => join('docs', 'results', `lenet5-pruning-seed${seed}${tag}.json`),
  mdFile: subset ? `/tmp/lenet5-pruning-seeds${tag}.md` : join('docs', 'results', `lenet5-pruning-seeds${tag}.md`),
  markdown: pruningMarkdown,
};
if (process.argv.includes('--report-only')) {
  reportOnly(output, seeds);
  process.exit(0);
}

const base = getModelSpec('lenet5');
// The registry's LeNet-5 builds with the app's init; a variant spec trains with He init instead.
const spec: ModelSpec = init === 'torch' ? base : { ...base, build: (seed) => buildLenet5(seed, init) };
const layers = spec.prunableLayers;
const defaults = spec.defaults;

// ---------------------------------------------------------------- the session

/** performance.now() at the dense run's start and at each epoch's end (for per-epoch wall times). */
const marks: number[] = [];
const logProgress = progressLogger();
const lab = await openNodeLab(spec, trainCount, testCount, (e) => {
  if ((e.type === 'runStart' && e.kind === 'train') || (e.type === 'epochEnd' && e.kind === 'train')) marks.push(performance.now());
  logProgress(e);
});
const session = lab.session;
/** The code and machine of this run (the code is loaded now: later commits do not change it). */
const info = runInfo();
const train = session.data.train;
const test = session.data.test;
const at = (rate: number, scope: Scope) => methodFor(layers, { rate, scope });

/** Accuracy of the dense weights with `kernels` replaced, in a separate model written with tf's own setWeights. */
async function independentAccuracy(dense: WeightSnapshot, kernels: ReadonlyMap<string, Float32Array>): Promise<number> {
  const model = session.buildModel();
  const values = model.weights.map((w) => {
    const layer = layers.find((l) => kernelName(l) === w.originalName);
    const v = layer ? must(kernels, layer) : dense.values[dense.names.indexOf(w.originalName)];
    return tf.tensor(v, w.shape.map(Number));
  });
  model.setWeights(values);
  tf.dispose(values);
  const result = await evaluate(model, test, { task: spec.task });
  model.dispose();
  return result.accuracy;
}

async function runSeed(seed: number): Promise<PruningSeedJson> {
  const started = performance.now();
  const from = lab.events.length;
  marks.length = 0;
  log(
    `seed ${seed}: LeNet-5 (${init} init), train ${train.count}, test ${test.count}, ${epochs} epochs, batch ${defaults.batchSize}, ` +
      `${spec.optimizerLabel}, backend ${tf.getBackend()}`,
  );
  const denseRun = await session.train({ epochs, seed, method: methodFor(layers) });
  const pruning = session.requirePruning();
  const dense = pruning.checkpoint(denseRun.checkpointId ?? -1);
  if (!dense) throw new Error('the dense checkpoint is missing');
  const epochEvents = lab.since(from, 'epochEnd').filter((e) => e.kind === 'train');
  log(`dense: ${pct(denseRun.testAccuracy)} after ${denseRun.trainSeconds.toFixed(1)} s of training (${denseRun.itemsPerSec.toFixed(0)} img/s)`);

  const layer50 = await oneShot(lab, '50 % per layer', at(0.5, 'layer'), log);
  const layer90 = await oneShot(lab, '90 % per layer', at(0.9, 'layer'), log);
  const global90 = await oneShot(lab, '90 % global', at(0.9, 'global'), log);

  const sensitivity = await layerSensitivity(lab, layers, [0.5, 0.9]);
  log(`sensitivity (one layer pruned): ${sensitivity.map((r) => `${r.layer}@${r.rate * 100}% ${pct(r.accuracy)}`).join(', ')}`);

  // Independent check of the masks: plain sort-by-|w| magnitude pruning of the dense kernels.
  const denseKernels = new Map(layerKernels(dense.weights, layers).map((k, i) => [layers[i], k]));
  const independent: IndependentResult[] = [];
  for (const [name, rate, scope, ref] of [
    ['50 % per layer', 0.5, 'layer', layer50],
    ['90 % per layer', 0.9, 'layer', layer90],
    ['90 % global', 0.9, 'global', global90],
  ] as const) {
    const pruned = plainMagnitudeMasks(denseKernels, layers, rate, scope);
    // The session's masks for the same setting. (A released slider: a second non-final request
    // for the setting already estimated would never be answered by the SliderQueue.)
    await session.prune(at(rate, scope), true);
    const masks = pruning.outcome?.masks;
    if (!masks) throw new Error('no pruning outcome');
    const maskDifferences = countMaskDifferences(layers, pruned, masks);
    const accuracy = await independentAccuracy(dense.weights, pruned);
    independent.push({ name, accuracy, sessionAccuracy: ref.accuracy, maskDifferences });
    log(`independent ${name}: ${pct(accuracy)} (session ${pct(ref.accuracy)}, mask differences ${maskDifferences})`);
  }

  // Fine-tuning, as the app's button does: the view on screen, its masks held after every step.
  const ftMethod = at(0.9, 'global');
  await session.prune(ftMethod, true);
  const ftMasks = (pruning.outcome?.masks ?? []).map((m) => Uint8Array.from(m));
  log(`fine-tuning 90 % global for ${ftEpochs} epoch(s), seed ${seed + 1} …`);
  const ft = await session.finetune({ epochs: ftEpochs, seed: seed + 1, method: ftMethod });
  const ftCheckpoint = pruning.checkpoint(ft.checkpointId ?? -1)?.info;
  const view = pruning.view;
  if (!ftCheckpoint || !view) throw new Error('fine-tuning committed no checkpoint');
  const viewSizes = lab.last('sizes', (e) => e.viewSeq === view.seq).sizes;
  log(`fine-tuned: ${pct(ft.testAccuracy)} in ${ft.trainSeconds.toFixed(1)} s (${ft.itemsPerSec.toFixed(0)} img/s)`);

  // Zeros in the model's own kernels (not in the snapshot the session keeps).
  const model = session.requireModel();
  const checks = [];
  for (const [i, layer] of layers.entries()) {
    const w = model.weights.find((x) => x.originalName === kernelName(layer));
    if (!w) throw new Error(`no kernel for ${layer}`);
    checks.push(checkLayer(layer, await w.read().data(), ftMasks[i]));
  }
  const sparsity = summarizeChecks(checks);
  log(
    `zeros after fine-tuning: ${sparsity.totalZeros}/${sparsity.totalSize} = ${pct(sparsity.sparsity, 4)}; every masked weight zero: ` +
      `${sparsity.allMaskedZero}; stored as -0: ${sparsity.totalNegativeZeros}; checkpoint gzip ${ftCheckpoint.sizes.gzipBytes} B, view ${viewSizes.gzipBytes} B`,
  );

  return {
    ...info,
    date: new Date().toISOString(),
    settings: {
      model: 'lenet5',
      init,
      seed,
      epochs,
      train: train.count,
      test: test.count,
      batchSize: defaults.batchSize,
      optimizer: defaults.optimizer,
      learningRate: defaults.learningRate,
      momentum: defaults.momentum,
      finetune: { epochs: ftEpochs, seed: seed + 1 },
    },
    reference: TUTORIAL_REFERENCE,
    dense: {
      accuracy: denseRun.testAccuracy,
      examples: dense.info.examples,
      trainSeconds: denseRun.trainSeconds,
      itemsPerSec: denseRun.itemsPerSec,
      evalSeconds: denseRun.evalSeconds,
      epochs: epochEvents.map((e, i) => ({ epoch: e.epoch, accuracy: e.testAccuracy, loss: e.testLoss, seconds: ((marks[i + 1] ?? NaN) - (marks[i] ?? NaN)) / 1000 })),
      checkpoint: dense.info,
    },
    oneShot: { layer50, layer90, global90 },
    sensitivity,
    independent,
    finetuned: {
      method: ftMethod,
      accuracy: ft.testAccuracy,
      trainSeconds: ft.trainSeconds,
      itemsPerSec: ft.itemsPerSec,
      evalSeconds: ft.evalSeconds,
      checkpoint: ftCheckpoint,
      viewSizes,
      sparsity,
      layers: checks,
    },
    liveTensorsAtEnd: tf.memory().numTensors,
    totalSeconds: (performance.now() - started) / 1000,
  };
}

const runs = await runSeeds(seeds, output, runSeed);
console.log(`\n${pruningMarkdown(runs)}`);
session.dispose();
