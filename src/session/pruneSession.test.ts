import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../protocol/events';
import { snapshotWeights } from '../core/prune/apply';
import { PruneSession } from './pruneSession';
import { syntheticSet, tinyNet, TINY_PRUNABLE } from '../core/testing/fixtures';
import { imageBatchSource } from '../core/train/batchSource';
import { buildTextClassifier } from '../core/models/textClassifier';
import { bagBatchSource } from '../core/train/bagSource';
import { createOptimizer } from '../core/train/optimizers';
import { binaryTask, softmaxTask } from '../core/train/task';
import { trainModel } from '../core/train/trainLoop';
import { kernelName } from '../core/weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function trainedSession(seed: number) {
  const model = tinyNet(seed);
  const trainSet = imageBatchSource(syntheticSet(64, seed));
  const optimizer = tf.train.momentum(0.05, 0.9);
  await trainModel(model, trainSet, { epochs: 1, batchSize: 16, seed, optimizer });
  optimizer.dispose();
  const events: LabEvent[] = [];
  const session = await PruneSession.fromTrained(
    {
      model,
      prunableLayers: TINY_PRUNABLE,
      task: softmaxTask(10),
      trainSet,
      testSet: imageBatchSource(syntheticSet(32, seed + 1)),
      estimateSet: imageBatchSource(syntheticSet(8, seed + 1)),
      emit: (e) => events.push(e),
    },
    0.5,
  );
  return { model, session, events };
}

async function kernels(model: tf.LayersModel): Promise<Float32Array[]> {
  const snap = await snapshotWeights(model);
  return TINY_PRUNABLE.map((l) => snap.values[snap.names.indexOf(kernelName(l))]);
}

const zeros = (a: Float32Array) => a.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);

describe('PruneSession', () => {
  it('prunes the model to the requested rate and restores weights when dragged back', async () => {
    const { model, session } = await trainedSession(1);
    const dense = await kernels(model);
    // A preview alone leaves the model untouched (weights are written lazily, before use).
    session.preview(0, { rate: 0.5, scope: 'layer', include: [...TINY_PRUNABLE], cap: null });
    expect(await kernels(model)).toEqual(dense);
    session.preview(1, { rate: 0.9, scope: 'layer', include: [...TINY_PRUNABLE], cap: null });
    session.applyToModel();
    const pruned = await kernels(model);
    pruned.forEach((k, i) => expect(zeros(k)).toBe(Math.round(0.9 * dense[i].length)));
    session.preview(2, { rate: 0.3, scope: 'layer', include: [...TINY_PRUNABLE], cap: null });
    session.applyToModel();
    const back = await kernels(model);
    back.forEach((k, i) => {
      expect(zeros(k)).toBe(Math.round(0.3 * dense[i].length));
      // every surviving weight has exactly its anchor value
      k.forEach((v, j) => expect(v === 0 || v === dense[i][j]).toBe(true));
    });
    session.preview(3, { rate: 0, scope: 'layer', include: [...TINY_PRUNABLE], cap: null });
    session.applyToModel();
    expect(await kernels(model)).toEqual(dense);
    model.dispose();
  });

  it('holds the masks through SGD-momentum fine-tuning: pruned weights stay exactly 0', async () => {
    const { model, session, events } = await trainedSession(2);
    const request = { rate: 0.8, scope: 'global' as const, include: [...TINY_PRUNABLE], cap: null };
    session.preview(1, request);
    session.applyToModel();
    const before = await kernels(model);
    const masks = before.map((k) => Uint8Array.from(k, (v) => (v === 0 ? 0 : 1)));
    const total0 = before.reduce((n, k) => n + k.length, 0);
    expect(masks.reduce((n, m) => n + m.length - m.reduce((a, b) => a + b, 0), 0)).toBe(Math.round(0.8 * total0));
    await session.finetune({ epochs: 2, seed: 3, batchSize: 8, optimizer: 'sgd-momentum', learningRate: 0.1, momentum: 0.9, signal: new AbortController().signal });
    const after = await kernels(model);
    let changed = 0;
    after.forEach((k, i) =>
      k.forEach((v, j) => {
        if (masks[i][j] === 0) expect(Object.is(v, 0)).toBe(true); // +0, never −0
        else if (v !== before[i][j]) changed++;
      }),
    );
    expect(changed).toBeGreaterThan(0); // the surviving weights did train
    const total = after.reduce((s, k) => s + k.length, 0);
    expect(after.reduce((s, k) => s + zeros(k), 0)).toBe(Math.round(0.8 * total));
    const checkpoint = events.filter((e) => e.type === 'checkpoint').at(-1);
    expect(checkpoint?.type === 'checkpoint' && checkpoint.checkpoint.kind).toBe('finetuned');
    expect(checkpoint?.type === 'checkpoint' && checkpoint.checkpoint.sparsity).toBeCloseTo(0.8, 3);
    // The re-preview from the new anchor keeps exactly the same sparsity.
    const stats = events.filter((e) => e.type === 'pruneStats').at(-1);
    expect(stats?.type === 'pruneStats' && stats.stats.pruned).toBe(Math.round(0.8 * total));
    model.dispose();
  });

  it('can prune again from the dense checkpoint after fine-tuning', async () => {
    const { model, session, events } = await trainedSession(5);
    const dense = await kernels(model);
    const all = [...TINY_PRUNABLE];
    session.preview(1, { rate: 0.7, scope: 'layer', include: all, cap: null });
    await session.finetune({ epochs: 1, seed: 1, batchSize: 16, optimizer: 'sgd-momentum', learningRate: 0.05, momentum: 0.5, signal: new AbortController().signal });
    expect(events.filter((e) => e.type === 'anchor').map((e) => e.type === 'anchor' && e.id)).toEqual([1]);
    session.selectAnchor(0);
    session.preview(2, { rate: 0, scope: 'layer', include: all, cap: null });
    session.applyToModel();
    expect(await kernels(model)).toEqual(dense);
    expect(() => session.selectAnchor(7)).toThrow(/no checkpoint 7/);
    model.dispose();
  });

  it('leaks no tensors across 100 slider moves, measurements and a fine-tune', async () => {
    const { model, session } = await trainedSession(4);
    const signal = new AbortController().signal;
    const cycle = async () => {
      for (let i = 0; i < 100; i++) {
        session.preview(i, { rate: (i % 100) / 100, scope: i % 2 ? 'layer' : 'global', include: [...TINY_PRUNABLE], cap: null });
        if (i % 25 === 0) await session.measure(i, i % 50 === 0);
      }
      await session.finetune({ epochs: 1, seed: 1, batchSize: 16, optimizer: 'sgd-momentum', learningRate: 0.01, momentum: 0.5, signal });
    };
    await cycle(); // warm-up
    const before = tf.memory().numTensors;
    await cycle();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});

describe('PruneSession with the IMDB text classifier', () => {
  it('leaks no tensors across training, 100 slider moves, review scores and an Adam fine-tune', async () => {
    const vocabSize = 40;
    // Synthetic reviews: ids 2–19 lean positive, 20–39 negative (unit test only).
    const count = 48;
    const offsets = new Uint32Array(count + 1);
    const tokens: number[] = [];
    const labels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      labels[i] = i % 2;
      for (let t = 0; t < 6; t++) tokens.push(labels[i] ? 2 + ((i + t) % 18) : 20 + ((i * 3 + t) % 20));
      offsets[i + 1] = tokens.length;
    }
    const set = { tokens: Uint16Array.from(tokens), offsets, labels, count, vocabSize };
    const model = buildTextClassifier(1, vocabSize);
    const trainSet = bagBatchSource(set);
    const optimizer = createOptimizer({ optimizer: 'adam', learningRate: 0.01, momentum: 0 });
    await trainModel(model, trainSet, { epochs: 2, batchSize: 16, seed: 1, optimizer, task: binaryTask });
    optimizer.dispose();
    const session = await PruneSession.fromTrained(
      { model, prunableLayers: ['embedding', 'fc1', 'fc2'], task: binaryTask, trainSet, testSet: trainSet, estimateSet: trainSet, emit: () => undefined },
      0.5,
    );
    const signal = new AbortController().signal;
    const cycle = async () => {
      for (let i = 0; i < 100; i++) {
        session.preview(i, { rate: i / 100, scope: 'layer', include: ['embedding', 'fc1', 'fc2'], cap: null, rowLayers: i % 2 ? ['embedding'] : [] });
        const scores = session.scoreText(Uint16Array.from([2, 3, 0, 25]));
        expect(scores.dense).toBeGreaterThan(0);
        expect(scores.pruned).toBeLessThan(1);
        if (i % 30 === 0) await session.measure(i, true);
      }
      await session.finetune({ epochs: 1, seed: 1, batchSize: 16, optimizer: 'adam', learningRate: 0.001, momentum: 0, signal });
    };
    await cycle(); // warm-up
    const before = tf.memory().numTensors;
    await cycle();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
