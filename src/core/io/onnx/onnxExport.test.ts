// The exported model.onnx, run by onnxruntime-web (a runtime PruneLab did not write), agrees
// with the app's own tfjs forward pass on real test data from public/data: max |Δ| ≤ 1e-4 on
// the outputs and identical predictions, for LeNet-5 dense, 90 % unstructured, N:M 2:4 and
// compacted after channel pruning, and for the IMDB model (tokens with padding). The pruned
// zeros are still exact zeros in the ONNX initializers. (tfjs wasm backend, briefly trained
// models: the full 10,000-image check is scripts/experiments/measure-onnx.ts.)

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnnx } from './onnxExport';
import { convWeightsNchw, nchwRows, samePads } from './onnxLayers';
import { decodeModel, floatValues } from './onnxProto';
import { useBackendForTest } from '../../backend/testWasmSetup';
import { takeFirst } from '../../data/batches';
import { loadMnist } from '../../data/fetchData';
import { loadImdb } from '../../data/fetchImdb';
import { takeFirstTexts } from '../../data/imdb';
import { maskWeights } from '../../lab/context';
import { buildLenet5 } from '../../nets/lenet5';
import { buildTextClassifier } from '../../nets/textClassifier';
import { getModelSpec } from '../../nets/registry';
import { snapshotWeights, writeWeights } from '../../train/modelWeights';
import { compactModel } from '../../lab/compact';
import { PruneController } from '../../prune/controller';
import * as ort from 'onnxruntime-web';
import { textProbability } from '../../nets/textForward';
import { compareOnImages, compareOnReviews, onnxSession, type Agreement } from '../../testing/onnxRuntime';
import { bagBatchSource } from '../../train/bagSource';
import { imageBatchSource } from '../../train/batchSource';
import { createOptimizer } from '../../train/optimizers';
import { trainModel } from '../../train/trainLoop';
import { methodFor, type PruneMethod } from '../../method';
import { kernelName, type WeightSnapshot } from '../../weights';

const DATA_URL = pathToFileURL(fileURLToPath(new URL('../../../../public/data/', import.meta.url))).href;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));
const EXAMPLES = 300;

beforeAll(async () => {
  await useBackendForTest('wasm');
});

function expectAgreement(a: Agreement): void {
  expect(a.examples).toBeGreaterThanOrEqual(EXAMPLES);
  expect(a.maxAbsDiff).toBeLessThanOrEqual(1e-4);
  expect(a.argmaxMismatches).toBe(0);
  expect(a.onnxCorrect).toBe(a.appCorrect);
}

/** Zeros of each layer's weight initializer in the ONNX file, by layer. */
function onnxZeros(bytes: Uint8Array, layers: readonly string[]): number[] {
  const inits = decodeModel(bytes).graph?.initializer ?? [];
  return layers.map((l) => {
    const t = inits.find((i) => i.name === `${l}.weight`);
    if (!t) throw new Error(`no initializer ${l}.weight`);
    return floatValues(t).filter((v) => v === 0).length;
  });
}

const kernelZeros = (w: WeightSnapshot, layers: readonly string[]) => layers.map((l) => w.values[w.names.indexOf(kernelName(l))].filter((v) => v === 0).length);

describe('ONNX layout helpers', () => {
  it('transposes conv kernels to [out, in, kh, kw] and permutes dense rows to NCHW order', () => {
    // kernel [1, 2, 2, 3]: value = 100·x + 10·c + o
    const k = Float32Array.from({ length: 12 }, (_, i) => 100 * Math.floor(i / 6) + 10 * (Math.floor(i / 3) % 2) + (i % 3));
    const t = convWeightsNchw(k, [1, 2, 2, 3]);
    expect(Array.from(t.subarray(0, 4))).toEqual([0, 100, 10, 110]); // o = 0: (c 0: x 0, x 1), (c 1: x 0, x 1)
    // NHWC flatten of [H 1, W 2, C 2] rows: (w0 c0, w0 c1, w1 c0, w1 c1) → NCHW: (c0 w0, c0 w1, c1 w0, c1 w1)
    expect(Array.from(nchwRows(Float32Array.of(1, 2, 3, 4), { c: 2, h: 1, w: 2 }, 1))).toEqual([1, 3, 2, 4]);
    expect(samePads(28, 5, 1, 1)).toEqual([2, 2]);
    expect(samePads(28, 2, 2, 1)).toEqual([0, 0]);
    expect(samePads(7, 2, 2, 1)).toEqual([0, 1]);
  });
});

describe('model.onnx in onnxruntime-web', () => {
  it('LeNet-5 dense, 90 % unstructured, 2:4 and compacted agree with the app on real MNIST test images', async () => {
    const mnist = await loadMnist({ baseUrl: DATA_URL, fetcher });
    const train = imageBatchSource(takeFirst(mnist.train, 4096));
    const test = imageBatchSource(takeFirst(mnist.test, EXAMPLES));
    const spec = getModelSpec('lenet5');
    const layers = spec.prunableLayers;
    const model = buildLenet5(1);
    const optimizer = createOptimizer(spec.defaults);
    await trainModel(model, train, { epochs: 1, batchSize: 64, seed: 1, optimizer });
    optimizer.dispose();
    const dense = await snapshotWeights(model);
    const topology = model.toJSON(null, false) as object;
    const before = tf.memory().numTensors;

    const check = async (weights: WeightSnapshot, m: tf.LayersModel = model, top: object = topology) => {
      const bytes = buildOnnx({ model: 'lenet5', topology: top, weights });
      const agreement = await compareOnImages(m, await onnxSession(bytes), test, EXAMPLES);
      expectAgreement(agreement);
      return { bytes, agreement };
    };
    const d = await check(dense);
    expect(d.agreement.appCorrect / d.agreement.examples).toBeGreaterThan(0.5); // a trained model (chance is 0.1), not noise

    const controller = new PruneController(layers, dense);
    const pruneTo = async (method: PruneMethod) => {
      const weights = maskWeights(dense, layers, controller.compute(method));
      writeWeights(model, weights);
      const r = await check(weights);
      expect(onnxZeros(r.bytes, layers)).toEqual(kernelZeros(weights, layers));
      return weights;
    };
    const sparse = await pruneTo(methodFor(layers, { rate: 0.9 }));
    expect(kernelZeros(sparse, layers)).toEqual([450, 22500, 360000, 4500]);
    await pruneTo(methodFor(layers, { structure: 'nm', nm: '2:4' }));

    const channels = controller.compute(methodFor(['conv2', 'fc1'], { rate: 0.5, structure: 'channels' }));
    const masked = maskWeights(dense, layers, channels);
    writeWeights(model, masked);
    const keep = new Map(layers.flatMap((l, i) => (channels.channelMasks[i] ? [[l, channels.channelMasks[i] as Uint8Array] as const] : [])));
    const compact = compactModel({ model, weights: masked, channelMasks: keep });
    const c = await check(await snapshotWeights(compact), compact, compact.toJSON(null, false) as object);
    const conv2 = decodeModel(c.bytes).graph?.initializer?.find((t) => t.name === 'conv2.weight');
    expect(conv2?.dims?.map(Number)).toEqual([25, 20, 5, 5]); // 25 of 50 filters: genuinely smaller
    compact.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('the IMDB model agrees on real test reviews given as padded token ids', async () => {
    const imdb = await loadImdb({ baseUrl: DATA_URL, fetcher });
    const spec = getModelSpec('imdb');
    const model = buildTextClassifier(1, imdb.vocab.size);
    const optimizer = createOptimizer(spec.defaults);
    await trainModel(model, bagBatchSource(takeFirstTexts(imdb.train, 2000)), { epochs: 2, batchSize: 64, seed: 1, optimizer, task: spec.task });
    optimizer.dispose();
    const testSet = takeFirstTexts(imdb.test, EXAMPLES);
    const dense = await snapshotWeights(model);
    const pruned = maskWeights(dense, spec.prunableLayers, new PruneController(spec.prunableLayers, dense).compute(methodFor(['fc1', 'fc2'], { rate: 0.5, rowLayers: ['embedding'] })));
    const check = async (m: tf.LayersModel, weights: WeightSnapshot) => {
      const bytes = buildOnnx({ model: 'imdb', topology: m.toJSON(null, false) as object, weights });
      const a = await compareOnReviews(m, await onnxSession(bytes), bagBatchSource(testSet), testSet, EXAMPLES);
      expectAgreement(a);
      expect(a.appCorrect / a.examples).toBeGreaterThan(0.6); // trained (chance is 0.5)
    };
    for (const weights of [dense, pruned]) {
      writeWeights(model, weights);
      await check(model, weights);
    }
    // half the embedding dimensions and fc1 neurons removed, then compacted: a [vocab, 50] table
    const channels = new PruneController(spec.prunableLayers, dense).compute(methodFor(['embedding', 'fc1'], { rate: 0.5, structure: 'channels' }));
    const masked = maskWeights(dense, spec.prunableLayers, channels);
    writeWeights(model, masked);
    const keep = new Map(spec.prunableLayers.flatMap((l, i) => (channels.channelMasks[i] ? [[l, channels.channelMasks[i] as Uint8Array] as const] : [])));
    const compact = compactModel({ model, weights: masked, channelMasks: keep });
    const small = await snapshotWeights(compact);
    expect(small.shapes[small.names.indexOf('embedding/kernel')]).toEqual([imdb.vocab.size, 50]);
    await check(compact, small);
    compact.dispose();
    model.dispose();
  });

  it('averages over real tokens only, as the app does: padding anywhere, repeats, an empty review', async () => {
    const model = buildTextClassifier(3, 20);
    const w = await snapshotWeights(model);
    const bytes = buildOnnx({ model: 'imdb', topology: model.toJSON(null, false) as object, weights: w });
    model.dispose();
    const rows = [[2, 3, 0, 0, 0], [0, 0, 0, 0, 0], [5, 5, 5, 1, 0], [0, 7, 0, 8, 19]];
    const data = BigInt64Array.from(rows.flat(), BigInt);
    const out = await (await onnxSession(bytes)).run({ tokens: new ort.Tensor('int64', data, [rows.length, 5]) });
    const logits = out.logit.data as Float32Array;
    const get = (name: string) => w.values[w.names.indexOf(name)];
    const weights = { embedding: get('embedding/kernel'), fc1Kernel: get('fc1/kernel'), fc1Bias: get('fc1/bias'), fc2Kernel: get('fc2/kernel'), fc2Bias: get('fc2/bias') };
    rows.forEach((ids, i) => expect(1 / (1 + Math.exp(-logits[i]))).toBeCloseTo(textProbability(ids, weights), 6));
  });
});
