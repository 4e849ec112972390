// The dense LeNet-5 a measurement starts from: trained on full MNIST with the app's defaults
// (3 epochs, SGD lr 0.01 momentum 0.5, batch 64, PyTorch init) for a seed, or read from the
// weight cache under the same key measure-science.ts uses, so the scripts share one model
// per seed instead of each paying for the training.
// Why this file exists: measure-nm.ts and measure-onnx.ts both need it, per seed.

import type * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from '../../../src/core/backend/testWasmSetup';
import { takeFirst } from '../../../src/core/data/batches';
import type { Mnist } from '../../../src/core/data/mnist';
import { buildLenet5 } from '../../../src/core/nets/lenet5';
import { getModelSpec } from '../../../src/core/nets/registry';
import { snapshotWeights, writeWeights } from '../../../src/core/train/modelWeights';
import { imageBatchSource, type BatchSource } from '../../../src/core/train/batchSource';
import { createOptimizer } from '../../../src/core/train/optimizers';
import { trainModel } from '../../../src/core/train/trainLoop';
import type { WeightSnapshot } from '../../../src/core/weights';
import { loadMnistFromNodeModules } from './mnistNode';
import { loadWeights, saveWeights } from './weightCache';

/** Full MNIST (or its first images), as batch sources, with the tfjs wasm backend active. */
export async function mnistOnWasm(trainCount: number, testCount: number): Promise<{ mnist: Mnist; train: BatchSource; test: BatchSource }> {
  const mnist = loadMnistFromNodeModules();
  await useBackendForTest('wasm');
  return { mnist, train: imageBatchSource(takeFirst(mnist.train, trainCount)), test: imageBatchSource(takeFirst(mnist.test, testCount)) };
}

export interface DenseLenet {
  readonly model: tf.LayersModel;
  readonly dense: WeightSnapshot;
  readonly trainSeconds: number;
  readonly cached: boolean;
}

/** LeNet-5 for `seed` trained on `train` (the full set: 60,000 images) for the app's default epochs. */
export async function denseLenet(mnist: Mnist, train: BatchSource, seed: number, log: (s: string) => void, useCache = true): Promise<DenseLenet> {
  const defaults = getModelSpec('lenet5').defaults;
  const key = `lenet5-seed${seed}-e${defaults.epochs}-n${train.count}`;
  const model = buildLenet5(seed);
  const cached = useCache ? loadWeights(key) : null;
  if (cached) {
    writeWeights(model, cached.snapshots.dense);
    log(`seed ${seed}: dense weights read from the cache (${key})`);
    return { model, dense: cached.snapshots.dense, trainSeconds: Number(cached.meta.trainSeconds), cached: true };
  }
  const initial = await snapshotWeights(model);
  const optimizer = createOptimizer(defaults);
  log(`seed ${seed}: training LeNet-5 on ${train.count} images for ${defaults.epochs} epochs (MNIST test ${mnist.test.count})`);
  const result = await trainModel(model, train, {
    epochs: defaults.epochs,
    batchSize: defaults.batchSize,
    seed,
    optimizer,
    progressIntervalMs: 60_000,
    onProgress: (p) => log(`  epoch ${p.epoch} batch ${p.batch}/${p.batches} loss ${p.loss.toFixed(4)} ${p.imagesPerSec.toFixed(0)} img/s`),
  });
  optimizer.dispose();
  const dense = await snapshotWeights(model);
  saveWeights(key, { snapshots: { initial, dense }, meta: { trainSeconds: result.seconds } });
  return { model, dense, trainSeconds: result.seconds, cached: false };
}
