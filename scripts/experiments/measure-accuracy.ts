// Measures LeNet-5 test accuracy on MNIST with the same src/core code the browser runs,
// under Node with the tfjs wasm backend (and our gradient kernels).
// Usage: npm run measure -- [--train N] [--test N] [--epochs N] [--seed N] [--init torch|he]

import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../../src/core/backend/testWasmSetup';
import { takeFirst } from '../../src/core/data/batches';
import { buildLenet5, type LenetInit } from '../../src/core/models/lenet5';
import { imageBatchSource } from '../../src/core/train/batchSource';
import { evaluate } from '../../src/core/train/evaluate';
import { getModelSpec } from '../../src/core/models/registry';
import { createOptimizer } from '../../src/core/train/optimizers';
import { trainModel } from '../../src/core/train/trainLoop';
import { loadMnistFromNodeModules } from './lib/mnistNode';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}
const initArg = process.argv.indexOf('--init');
const init: LenetInit = initArg > 0 && process.argv[initArg + 1] === 'he' ? 'he' : 'torch';

const mnist = loadMnistFromNodeModules();
const defaults = getModelSpec('lenet5').defaults;
const train = imageBatchSource(takeFirst(mnist.train, arg('train', 60000)));
const test = imageBatchSource(takeFirst(mnist.test, arg('test', 10000)));
const epochs = arg('epochs', defaults.epochs);
const seed = arg('seed', 1);

await useBackendForTest('wasm');
const model = buildLenet5(seed, init);
const optimizer = createOptimizer(defaults);
console.log(`LeNet-5 (${init} init), train ${train.count}, test ${test.count}, ${epochs} epochs, seed ${seed}, backend ${tf.getBackend()}`);
const result = await trainModel(model, train, {
  epochs,
  batchSize: defaults.batchSize,
  seed,
  optimizer,
  progressIntervalMs: 20000,
  onProgress: (p) => console.log(`  epoch ${p.epoch} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ${p.imagesPerSec.toFixed(0)} img/s`),
  onEpochEnd: async (e) => {
    const ev = await evaluate(model, test);
    console.log(`epoch ${e}: test accuracy ${(ev.accuracy * 100).toFixed(2)}% (loss ${ev.loss.toFixed(4)})`);
  },
});
console.log(`trained ${result.examples} examples in ${result.seconds.toFixed(1)} s = ${result.imagesPerSec.toFixed(0)} images/s`);
