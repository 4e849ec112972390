import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotWeights } from '../train/modelWeights';
import { trainedTinyNet, TINY_PRUNABLE } from '../testing/fixtures';
import { softmaxTask } from '../train/task';
import { kernelName, layerKernels } from '../weights';
import { decodeCompressed } from './format';
import { runCompression, sameBits, type CompressOptions } from './pipeline';
import { dequantize } from './quantized';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const phase = { optimizer: 'sgd-momentum', learningRate: 0.01, momentum: 0.9, epochs: 1, batchSize: 16, seed: 3 } as const;

describe('runCompression', () => {
  it('prunes to the per-layer rates, holds the masks, shrinks every stage and decodes bit for bit without leaking tensors', async () => {
    const { model, trainSet } = await trainedTinyNet(1, { optimizer: 'sgd-momentum', learningRate: 0.05, momentum: 0.5 });
    const start = await snapshotWeights(model);
    const ctx = { model, layers: TINY_PRUNABLE, task: softmaxTask(10), trainSet, testSet: trainSet };
    const opts: CompressOptions = {
      modelId: 'tiny',
      keep: { c1: 0.5, d1: 0.1 },
      rounds: 2,
      retrain: { ...phase, weightDecay: 5e-4 },
      bits: { c1: 4, d1: 3 },
      finetune: { ...phase, learningRate: 1e-3 },
    };
    const before = tf.memory().numTensors;
    const result = await runCompression(ctx, start, opts);
    expect(tf.memory().numTensors).toBe(before);

    expect(result.stages.map((s) => s.stage)).toEqual(['dense', 'pruned', 'quantized', 'finetuned', 'huffman']);
    const bytes = result.stages.map((s) => s.bytes);
    expect(bytes[1]).toBeLessThan(bytes[0]);
    expect(bytes[2]).toBeLessThan(bytes[1]);
    // (On 1,330 weights the file's headers and Huffman tables outweigh what Huffman saves over the fixed-width codes.)
    expect(bytes[4]).toBeLessThan(bytes[1]);
    expect(bytes[4]).toBe(result.file.length);
    expect(result.bitIdentical).toBe(true);

    // Exactly round(keep · n) weights kept per layer, and the model holds the decoded file.
    const decoded = dequantize(decodeCompressed(result.file));
    const kernels = layerKernels(decoded, TINY_PRUNABLE);
    const kept = kernels.map((k) => k.reduce((n, v) => n + (v !== 0 ? 1 : 0), 0));
    expect(result.layers.map((l) => l.weights)).toEqual([50, 1280]);
    expect(result.layers.map((l) => l.kept)).toEqual([25, 128]);
    kept.forEach((k, i) => expect(k).toBeLessThanOrEqual(result.layers[i].kept));
    const now = await snapshotWeights(model);
    decoded.values.forEach((v, i) => expect(sameBits(v, now.values[i])).toBe(true));
    // At most 2^bits distinct values per quantized kernel.
    expect(new Set(kernels[1]).size).toBeLessThanOrEqual(2 ** 3 + 1);
    expect(decoded.names.includes(kernelName('d1'))).toBe(true);
    model.dispose();
  }, 20_000);
});
