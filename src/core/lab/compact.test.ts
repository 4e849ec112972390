import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { buildLenet5 } from '../nets/lenet5';
import { buildTextClassifier } from '../nets/textClassifier';
import { snapshotWeights, writeWeights } from '../train/modelWeights';
import { compactModel, modelFootprint } from './compact';
import { PruneController } from '../prune/controller';
import { methodFor, type PruneMethod } from '../method';
import { inferenceSpeed, maxOutputDifference } from './latency';
import { imageBatchSource } from '../train/batchSource';
import { syntheticSet } from '../testing/fixtures';
import { replaceWeights } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function randomInputs(shape: number[], seed: number): tf.Tensor {
  const rng = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: n }, () => rng() * 4 - 2), shape);
}

/** Prunes `model` by channels, writes anchor ⊙ mask into it, and compacts it. */
async function pruneAndCompact(model: tf.LayersModel, layers: string[], method: PruneMethod) {
  const anchor = await snapshotWeights(model);
  const outcome = new PruneController(layers, anchor).compute(method);
  writeWeights(model, anchor, outcome.kernels);
  const channelMasks = new Map<string, Uint8Array>();
  layers.forEach((l, i) => {
    const m = outcome.channelMasks[i];
    if (m) channelMasks.set(l, m);
  });
  const compact = compactModel({ model, weights: replaceWeights(anchor, outcome.kernels), channelMasks });
  return { anchor, outcome, compact };
}

async function maxAbs(t: tf.Tensor): Promise<number> {
  const m = tf.tidy(() => t.abs().max());
  const v = (await m.data())[0];
  m.dispose();
  return v;
}

const LENET = ['conv1', 'conv2', 'fc1', 'fc2'];

describe('compactModel', () => {
  it('LeNet-5 with 50 % of conv2 filters and fc1 neurons removed: same outputs as the masked model within 1e-5', async () => {
    const model = buildLenet5(3, 'he');
    const x = randomInputs([16, 28, 28, 1], 9);
    const denseOut = model.predict(x) as tf.Tensor;
    const { compact } = await pruneAndCompact(model, LENET, methodFor(['conv2', 'fc1'], { rate: 0.5, structure: 'channels' }));
    const maskedOut = model.predict(x) as tf.Tensor;
    expect(modelFootprint(compact).kernelShapes).toEqual({ conv1: [5, 5, 1, 20], conv2: [5, 5, 20, 25], fc1: [400, 250], fc2: [250, 10] });
    // 520 + (500·25 + 25) + (400·250 + 250) + (250·10 + 10)
    expect(compact.countParams()).toBe(115_805);
    expect(modelFootprint(compact).bytes).toBe(115_805 * 4);
    expect(await maxOutputDifference(model, compact, [x])).toBeLessThan(1e-5);
    // Not vacuous: the outputs are large, and pruning changed them.
    expect(await maxAbs(maskedOut)).toBeGreaterThan(0.5);
    expect(await maxAbs(maskedOut.sub(denseOut))).toBeGreaterThan(1e-2);
    tf.dispose([x, denseOut, maskedOut]);
    compact.dispose();
    model.dispose();
  });

  it('removes conv1 filters too (conv → conv input slicing)', async () => {
    const model = buildLenet5(4, 'he');
    const x = randomInputs([8, 28, 28, 1], 10);
    const { outcome, compact } = await pruneAndCompact(model, LENET, methodFor(LENET, { rate: 0.3, structure: 'channels' }));
    const kept = outcome.channelMasks.map((m) => (m ? m.reduce((a, b) => a + b, 0) : null));
    expect(kept).toEqual([14, 35, 350, null]);
    expect(modelFootprint(compact).kernelShapes.conv2).toEqual([5, 5, kept[0], kept[1]]);
    expect(modelFootprint(compact).kernelShapes.fc1).toEqual([16 * (kept[1] ?? 0), kept[2]]);
    expect(await maxOutputDifference(model, compact, [x])).toBeLessThan(1e-5);
    x.dispose();
    compact.dispose();
    model.dispose();
  });

  it('IMDB: removes embedding dimensions and fc1 neurons', async () => {
    const vocab = 30;
    const model = buildTextClassifier(2, vocab);
    const x = tf.tidy(() => tf.softmax(randomInputs([6, vocab], 11).mul(3)));
    const { compact } = await pruneAndCompact(model, ['embedding', 'fc1', 'fc2'], methodFor(['embedding', 'fc1', 'fc2'], { rate: 0.5, structure: 'channels' }));
    expect(modelFootprint(compact).kernelShapes).toEqual({ embedding: [vocab, 50], fc1: [50, 100], fc2: [100, 1] });
    expect(await maxOutputDifference(model, compact, [x])).toBeLessThan(1e-5);
    x.dispose();
    compact.dispose();
    model.dispose();
  });

  it('measures inference speed without leaking tensors', async () => {
    const model = buildLenet5(5);
    const source = imageBatchSource(syntheticSet(40, 1));
    await inferenceSpeed(model, source, { examples: 8, batchSize: 4, repeats: 1 }); // warm-up of tfjs itself
    const before = tf.memory().numTensors;
    const speed = await inferenceSpeed(model, source, { examples: 30, batchSize: 8, repeats: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(speed).toMatchObject({ examples: 30, batchSize: 8, repeats: 2 });
    expect(speed.imagesPerSec).toBeGreaterThan(0);
    expect(speed.msPerBatch).toBeCloseTo(speed.medianMs / 4, 6);
    model.dispose();
  });
});
