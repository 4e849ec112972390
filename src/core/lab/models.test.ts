// Acceptance 1 on the real architectures: every criterion and both structures for LeNet-5
// and the IMDB classifier (tiny synthetic data, tfjs cpu): the requested sparsity is met,
// channel pruning removes whole channels, and the output layer keeps its neurons.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLenet5 } from '../nets/lenet5';
import { buildTextClassifier } from '../nets/textClassifier';
import { snapshotWeights } from '../train/modelWeights';
import { syntheticSet } from '../testing/fixtures';
import { bagBatchSource } from '../train/bagSource';
import { imageBatchSource } from '../train/batchSource';
import { binaryTask, softmaxTask } from '../train/task';
import type { LabContext } from './context';
import { scoreController } from './scoring';
import { CRITERIA } from '../method';
import { methodFor } from '../method';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function reviews(count: number, vocabSize: number) {
  const offsets = new Uint32Array(count + 1);
  const tokens: number[] = [];
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % 2;
    for (let t = 0; t < 5; t++) tokens.push(labels[i] ? 2 + ((i + t) % 10) : 12 + ((i * 3 + t) % 10));
    offsets[i + 1] = tokens.length;
  }
  return { tokens: Uint16Array.from(tokens), offsets, labels, count, vocabSize };
}

async function checkAll(ctx: LabContext) {
  const anchor = await snapshotWeights(ctx.model);
  const last = ctx.layers.length - 1;
  for (const criterion of CRITERIA) {
    const controller = await scoreController(ctx, anchor, criterion, 1, { batches: 2, batchSize: 16 });
    const weights = controller.compute(methodFor(ctx.layers, { rate: 0.7, scope: 'global', cap: null }));
    expect(weights.stats.criterion).toBe(criterion);
    expect(weights.stats.sparsity).toBeCloseTo(0.7, 4);
    const channels = controller.compute(methodFor(ctx.layers, { rate: 0.5, scope: 'layer', cap: null, structure: 'channels' }));
    channels.stats.layers.forEach((l, i) => {
      if (i === last) expect(l.channels).toBeNull();
      else expect(l.channels?.pruned).toBe(Math.round(0.5 * (l.channels?.total ?? 0)));
    });
  }
}

describe('criteria × structures on the real models', () => {
  it('LeNet-5', async () => {
    const model = buildLenet5(1);
    const set = imageBatchSource(syntheticSet(32, 1));
    await checkAll({ model, layers: ['conv1', 'conv2', 'fc1', 'fc2'], task: softmaxTask(10), trainSet: set, testSet: set });
    model.dispose();
  }, 240_000); // every criterion × structure on the full LeNet-5 (tfjs cpu): slow on a busy 2-core machine

  it('IMDB classifier (embedding channels = embedding dimensions)', async () => {
    const model = buildTextClassifier(1, 24);
    const set = bagBatchSource(reviews(32, 24));
    await checkAll({ model, layers: ['embedding', 'fc1', 'fc2'], task: binaryTask, trainSet: set, testSet: set });
    model.dispose();
  }, 240_000);
});
