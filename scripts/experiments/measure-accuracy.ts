// Measures LeNet-5 test accuracy on MNIST with the same src/core code the browser runs,
// under Node with the tfjs wasm backend (and our gradient kernels), for one or more seeds;
// prints each epoch's test accuracy and, over the seeds, the final accuracy as mean ± sd.
// Usage: npm run measure -- [--train N] [--test N] [--epochs N] [--seeds 1,2,3 | --seed N] [--init torch|he]

import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../../src/core/backend/testWasmSetup';
import { takeFirst } from '../../src/core/data/batches';
import { buildLenet5, type LenetInit } from '../../src/core/nets/lenet5';
import { imageBatchSource } from '../../src/core/train/batchSource';
import { evaluate } from '../../src/core/train/evaluate';
import { getModelSpec } from '../../src/core/nets/registry';
import { createOptimizer } from '../../src/core/train/optimizers';
import { trainModel } from '../../src/core/train/trainLoop';
import { argNumber, argString } from '../cliArgs';
import { loadMnistFromNodeModules } from './lib/mnistNode';
import { runInfo, runLine, seedsFromArgs } from './lib/runInfo';
import { COUNT, seedCell, seedsNote } from './lib/seedStats';

const init: LenetInit = argString('init') === 'he' ? 'he' : 'torch';
const mnist = loadMnistFromNodeModules();
const defaults = getModelSpec('lenet5').defaults;
const train = imageBatchSource(takeFirst(mnist.train, argNumber('train', 60000)));
const test = imageBatchSource(takeFirst(mnist.test, argNumber('test', 10000)));
const epochs = argNumber('epochs', defaults.epochs);
const seeds = seedsFromArgs();

await useBackendForTest('wasm');
const accuracies: number[] = [];
const speeds: number[] = [];
for (const seed of seeds) {
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
  optimizer.dispose();
  accuracies.push((await evaluate(model, test)).accuracy);
  speeds.push(result.imagesPerSec);
  console.log(`trained ${result.examples} examples in ${result.seconds.toFixed(1)} s = ${result.imagesPerSec.toFixed(0)} images/s (per-epoch evaluation included)`);
  model.dispose();
}
console.log(`\n${runLine(runInfo())}. ${seedsNote(seeds)}`);
console.log(`test accuracy after ${epochs} epochs: ${seedCell(accuracies)}; training images/s: ${seedCell(speeds, COUNT)}`);
