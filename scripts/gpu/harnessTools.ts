// Small pieces the GPU harness parts share: reading tensors back, magnitude masks for the
// pruning checks, the two models under test on real data read from a data folder with
// the app's own loaders, and a clock that waits for the device.

import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../../src/core/data/fetchData';
import { loadImdb } from '../../src/core/data/fetchImdb';
import { takeFirst } from '../../src/core/data/batches';
import { takeFirstTexts } from '../../src/core/data/imdb';
import { getModelSpec } from '../../src/core/nets/registry';
import { bagBatchSource } from '../../src/core/train/bagSource';
import { imageBatchSource, type BatchSource } from '../../src/core/train/batchSource';
import { createOptimizer } from '../../src/core/train/optimizers';
import type { WeightSnapshot } from '../../src/core/weights';
import type { Task } from '../../src/core/train/task';

export interface ModelUnderTest {
  readonly name: string;
  readonly build: () => tf.LayersModel;
  readonly task: Task;
  readonly optimizer: () => tf.Optimizer;
  readonly prunable: readonly string[];
  /** The first `n` training examples (all of them when n is larger). */
  readonly data: (n: number) => BatchSource;
}

export async function readAll(tensors: readonly tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(tensors.map(async (t) => Float32Array.from(await t.data())));
}

/** Per weight: 1 where |w| is above the layer's `rate` quantile (ties pruned), else 0. */
export function magnitudeMasks(weights: WeightSnapshot, names: readonly string[], rate: number): Uint8Array[] {
  return names.map((name) => {
    const values = weights.values[weights.names.indexOf(name)];
    if (!values) throw new Error(`no weight ${name}`);
    const sorted = Float32Array.from(values, Math.abs).sort();
    const threshold = sorted[Math.min(sorted.length - 1, Math.floor(rate * sorted.length))];
    return Uint8Array.from(values, (v) => (Math.abs(v) > threshold ? 1 : 0));
  });
}

/** A fetch for file:// URLs, so the browser's data loaders read a local data folder. */
async function fetchFile(url: string): Promise<Response> {
  try {
    return new Response(await readFile(fileURLToPath(url)));
  } catch {
    return new Response('not found', { status: 404 });
  }
}

export interface LabData {
  readonly lenet: ModelUnderTest;
  readonly imdb: ModelUnderTest;
  readonly mnistTest: BatchSource;
}

/** Both models on their real data (at most `train` training examples each), as the worker builds them. */
export async function loadLabData(dataDir: string, train: number, test: number): Promise<LabData> {
  const opts = { baseUrl: pathToFileURL(dataDir.endsWith('/') ? dataDir : `${dataDir}/`).href, fetcher: fetchFile };
  const [mnist, imdb] = await Promise.all([loadMnist(opts), loadImdb(opts)]);
  const lenet = getModelSpec('lenet5');
  const text = getModelSpec('imdb');
  return {
    lenet: {
      name: 'LeNet-5',
      build: () => lenet.build(1, 784),
      task: lenet.task,
      optimizer: () => createOptimizer(lenet.defaults),
      prunable: lenet.prunableLayers,
      data: (n) => imageBatchSource(takeFirst(mnist.train, Math.min(n, train))),
    },
    imdb: {
      name: 'IMDB',
      build: () => text.build(1, imdb.vocab.size),
      task: text.task,
      optimizer: () => createOptimizer(text.defaults),
      prunable: text.prunableLayers,
      data: (n) => bagBatchSource(takeFirstTexts(imdb.train, Math.min(n, train))),
    },
    mnistTest: imageBatchSource(takeFirst(mnist.test, test)),
  };
}
