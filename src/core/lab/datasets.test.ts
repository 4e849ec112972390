// The MNIST batches follow the model description's normalisation: the built-ins get the
// tutorial's (p / 255 − 0.1307) / 0.3081, an imported model read as [0, 1] or [-1, 1] gets
// exactly those pixels.

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { loadDataset } from './datasets';
import { useBackendForTest } from '../backend/testWasmSetup';
import { importedDescription } from '../io/onnx/onnxDescription';
import { readOnnxGraph } from '../io/onnx/onnxImportGraph';
import type { InputNorm } from '../io/onnx/onnxNorm';
import { getModelSpec, specOf, type ModelSpec } from '../nets/registry';

const DATA_URL = pathToFileURL(fileURLToPath(new URL('../../../public/data/', import.meta.url))).href;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));
const MLP = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../e2e/fixtures/onnx/mlp.onnx', import.meta.url))));

beforeAll(async () => {
  await useBackendForTest('cpu');
});

async function range(spec: ModelSpec): Promise<[number, number]> {
  const data = await loadDataset(spec, { dataUrl: DATA_URL, train: 10, test: 100, fetcher, onProgress: () => undefined });
  const batch = data.test.batches(100).next().value;
  if (!batch) throw new Error('no batch');
  const x = (await batch.inputs.data()) as Float32Array;
  tf.dispose([batch.inputs, batch.labels]);
  return [Math.min(...x), Math.max(...x)];
}

it('normalises MNIST as the description says', async () => {
  const [lo, hi] = await range(getModelSpec('lenet5'));
  expect(lo).toBeCloseTo(-0.1307 / 0.3081, 6);
  expect(hi).toBeCloseTo((1 - 0.1307) / 0.3081, 5);
  const imported = (norm: InputNorm) => specOf(importedDescription(readOnnxGraph(MLP), norm, 'mlp.onnx').description);
  expect(await range(imported('unit'))).toEqual([0, 1]);
  expect(await range(imported('signed'))).toEqual([-1, 1]);
}, 60_000);
