// LeNet-300-100 needs nothing of its own to export or compact: its description gives a
// flatten-first chain of dense layers, and model.onnx (input NCHW [N, 1, 28, 28], Flatten,
// three Gemm) agrees with the app in onnxruntime-web on real MNIST test images, dense,
// 50 % per layer and compacted after removing half of the fc1 and fc2 neurons.

import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOnnx } from './onnxExport';
import { decodeModel } from './onnxProto';
import { useBackendForTest } from '../../backend/testWasmSetup';
import { takeFirst } from '../../data/batches';
import { loadMnist } from '../../data/fetchData';
import { maskWeights } from '../../lab/context';
import { getModelSpec } from '../../nets/registry';
import { snapshotWeights, writeWeights } from '../../train/modelWeights';
import { compactModel } from '../../lab/compact';
import { PruneController } from '../../prune/controller';
import { compareOnImages, onnxSession } from '../../testing/onnxRuntime';
import { imageBatchSource } from '../../train/batchSource';
import { createOptimizer } from '../../train/optimizers';
import { trainModel } from '../../train/trainLoop';
import { methodFor } from '../../method';
import type { WeightSnapshot } from '../../weights';

const DATA_URL = pathToFileURL(fileURLToPath(new URL('../../../../public/data/', import.meta.url))).href;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));
const EXAMPLES = 300;

beforeAll(async () => {
  await useBackendForTest('wasm');
});

describe('LeNet-300-100 as model.onnx', () => {
  it('dense, 50 % per layer and compacted agree with the app on real MNIST test images', async () => {
    const mnist = await loadMnist({ baseUrl: DATA_URL, fetcher });
    const test = imageBatchSource(takeFirst(mnist.test, EXAMPLES));
    const spec = getModelSpec('lenet300');
    const layers = spec.prunableLayers;
    const model = spec.build(1, 784);
    const optimizer = createOptimizer(spec.defaults);
    await trainModel(model, imageBatchSource(takeFirst(mnist.train, 2048)), { epochs: 1, batchSize: 64, seed: 1, optimizer });
    optimizer.dispose();
    const dense = await snapshotWeights(model);
    const check = async (weights: WeightSnapshot, m: tf.LayersModel) => {
      const bytes = buildOnnx({ model: 'lenet300', topology: m.toJSON(null, false) as object, weights });
      const a = await compareOnImages(m, await onnxSession(bytes), test, EXAMPLES);
      expect(a.maxAbsDiff).toBeLessThanOrEqual(1e-4);
      expect(a.argmaxMismatches).toBe(0);
      expect(a.onnxCorrect).toBe(a.appCorrect);
      return { bytes, accuracy: a.appCorrect / a.examples };
    };
    const d = await check(dense, model);
    expect(d.accuracy).toBeGreaterThan(0.5);
    const graph = decodeModel(d.bytes).graph;
    expect(graph?.node?.map((n) => n.opType)).toEqual(['Flatten', 'Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Identity']);
    const dims = graph?.input?.[0]?.type?.tensorType?.shape?.dim ?? [];
    expect(dims.map((x) => (x.dimParam ? x.dimParam : Number(x.dimValue)))).toEqual(['N', 1, 28, 28]);

    const controller = new PruneController(layers, dense);
    const half = maskWeights(dense, layers, controller.compute(methodFor(layers, { rate: 0.5 })));
    writeWeights(model, half);
    await check(half, model);

    const channels = controller.compute(methodFor(['fc1', 'fc2'], { rate: 0.5, structure: 'channels' }));
    const masked = maskWeights(dense, layers, channels);
    writeWeights(model, masked);
    const keep = new Map(layers.flatMap((l, i) => (channels.channelMasks[i] ? [[l, channels.channelMasks[i] as Uint8Array] as const] : [])));
    const compact = compactModel({ model, weights: masked, channelMasks: keep });
    expect(compact.countParams()).toBe(784 * 150 + 150 + 150 * 50 + 50 + 50 * 10 + 10);
    await check(await snapshotWeights(compact), compact);
    compact.dispose();
    model.dispose();
  });
});
