// The science jobs on a tiny conv net and synthetic images (tfjs cpu): results have the
// promised shape, masks survive training, aborts stop cleanly, and no tensor leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotWeights } from '../train/modelWeights';
import { syntheticSet, tinyNet, trainedTinyNet, TINY_PRUNABLE } from '../testing/fixtures';
import { imageBatchSource } from '../train/batchSource';
import { softmaxTask } from '../train/task';
import { runAgp } from './agp';
import type { LabContext, PruneSpec, TrainSpec } from './context';
import { runIterative } from './iterative';
import { runLottery } from './lottery';
import { runSensitivity } from './sensitivity';
import { firstExamples } from './subset';
import { runSweep } from './sweep';
import { type WeightSnapshot, kernelName } from '../weights';
import { methodFor, type Criterion, type Structure } from '../method';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layers = [...TINY_PRUNABLE];
const train: TrainSpec = { epochs: 1, batchSize: 16, seed: 2, optimizer: 'sgd-momentum', learningRate: 0.05, momentum: 0.5 };
const spec = (criterion: Criterion, structure: Structure = 'weights'): PruneSpec => ({
  method: methodFor(layers, { criterion, scope: 'global', structure }),
  seed: 1,
  gradients: { batches: 2, batchSize: 16 },
});

async function setup(seed: number): Promise<{ ctx: LabContext; anchor: WeightSnapshot; initial: WeightSnapshot }> {
  const { model, initial, trainSet } = await trainedTinyNet(seed, train);
  const ctx = { model, layers, task: softmaxTask(10), trainSet, testSet: imageBatchSource(syntheticSet(48, seed + 1)) };
  return { ctx, anchor: await snapshotWeights(model), initial };
}

async function zerosOf(model: tf.LayersModel): Promise<number> {
  const snap = await snapshotWeights(model);
  return layers.reduce((n, l) => n + snap.values[snap.names.indexOf(kernelName(l))].filter((v) => v === 0).length, 0);
}

describe('science jobs', () => {
  it('sweep: one point per criterion × rate, at the requested sparsity', async () => {
    const { ctx, anchor } = await setup(1);
    const seen: string[] = [];
    const r = await runSweep(ctx, anchor, {
      criteria: ['magnitude', 'taylor', 'fisher', 'random'],
      rates: [0, 0.5, 0.95],
      spec: spec('magnitude'),
      onProgress: (p) => seen.push(`${p.done}/${p.total}`),
    });
    expect(r.points.map((p) => `${p.criterion}@${p.rate}`)).toEqual(
      ['magnitude', 'taylor', 'fisher', 'random'].flatMap((c) => [`${c}@0`, `${c}@0.5`, `${c}@0.95`]),
    );
    for (const p of r.points) expect(p.sparsity).toBeCloseTo(p.rate, 3);
    expect(r.anchorAccuracy).toBeGreaterThan(0.9);
    expect(seen.at(-1)).toBe('9/9');
    expect(r.stopped).toBe(false);
    ctx.model.dispose();
  });

  it('sweep: an AbortError nobody asked for (a lost GPU device) is a failure, not a stop', async () => {
    const { ctx, anchor } = await setup(1);
    const deviceLost = Object.assign(new Error('Device is lost'), { name: 'AbortError' });
    const failing = runSweep(ctx, anchor, {
      criteria: ['magnitude'],
      rates: [0.5, 0.9],
      spec: spec('magnitude'),
      onProgress: (p) => {
        if (p.done === 2 && p.label.includes('%')) throw deviceLost; // as a read-back rejects when the device is gone
      },
    });
    await expect(failing).rejects.toBe(deviceLost);
    const abort = new AbortController();
    const stopped = await runSweep(ctx, anchor, { criteria: ['magnitude'], rates: [0.5, 0.9], spec: spec('magnitude'), signal: abort.signal, onProgress: (p) => p.done >= 2 && abort.abort() });
    expect(stopped.stopped).toBe(true);
    ctx.model.dispose();
  });

  it('sensitivity: each layer alone; an aborted run returns what it measured', async () => {
    const { ctx, anchor } = await setup(2);
    const r = await runSensitivity(ctx, anchor, { criterion: 'fisher', structure: 'weights', rates: [0.5, 0.9], seed: 1 });
    expect(r.points.map((p) => `${p.layer}@${p.rate}`)).toEqual(['c1@0.5', 'c1@0.9', 'd1@0.5', 'd1@0.9']);
    r.points.forEach((p) => expect(p.layerSparsity).toBeCloseTo(p.rate, 2));
    const abort = new AbortController();
    const partial = await runSensitivity(ctx, anchor, {
      criterion: 'magnitude',
      structure: 'weights',
      rates: [0.5, 0.9],
      seed: 1,
      signal: abort.signal,
      onProgress: (p) => p.done >= 2 && abort.abort(),
    });
    expect(partial.stopped).toBe(true);
    expect(partial.points.length).toBeLessThan(4);
    ctx.model.dispose();
  });

  it('iterative: nested rounds to the target, masks held through fine-tuning', async () => {
    const { ctx, anchor } = await setup(3);
    const { result, outcome } = await runIterative(ctx, anchor, { target: 0.8, perRound: 0.5, prune: spec('magnitude'), finetune: train });
    expect(result.rounds.map((r) => r.rate)).toEqual([0.5, 0.75, 0.8]);
    const total = outcome?.stats.prunable ?? 0;
    expect(await zerosOf(ctx.model)).toBe(Math.round(0.8 * total));
    expect(result.finalSparsity).toBeCloseTo(0.8, 3);
    ctx.model.dispose();
  });

  it('lottery: rewinds survivors to their initial values; the control uses other weights', async () => {
    const { ctx, anchor, initial } = await setup(4);
    const other = tinyNet(99);
    const reinit = await snapshotWeights(other);
    other.dispose();
    const { result, outcome } = await runLottery(ctx, anchor, {
      rate: 0.6,
      prune: spec('magnitude', 'channels'),
      retrain: { ...train, epochs: 2 },
      initial,
      reinit: async () => reinit,
    });
    expect(result.ticket?.epochAccuracies.length).toBe(2);
    expect(result.control?.epochAccuracies.length).toBe(2);
    expect(outcome?.stats.structure).toBe('channels');
    expect(await zerosOf(ctx.model)).toBe(outcome?.stats.pruned);
    ctx.model.dispose();
  });

  it('AGP: sparsity rises along the schedule to the final value; no leaked tensors', async () => {
    const { ctx, anchor } = await setup(5);
    const run = () => runAgp(ctx, anchor, { final: 0.7, frequency: 2, prune: spec('taylor'), train: { ...train, epochs: 2 } });
    await run(); // warm-up
    const before = tf.memory().numTensors;
    const { result, outcome } = await run();
    expect(tf.memory().numTensors).toBe(before);
    const targets = result.updates.map((u) => u.target);
    expect(targets[0]).toBe(0);
    expect(targets.at(-1)).toBeCloseTo(0.7, 12);
    targets.slice(1).forEach((t, i) => expect(t).toBeGreaterThan(targets[i]));
    expect(result.finalSparsity).toBeCloseTo(0.7, 3);
    expect(await zerosOf(ctx.model)).toBe(Math.round(0.7 * (outcome?.stats.prunable ?? 0)));
    ctx.model.dispose();
  });

  it('firstExamples: a subset source that cuts the last batch and leaks nothing', () => {
    const source = imageBatchSource(syntheticSet(30, 7));
    const sub = firstExamples(source, 10);
    const before = tf.memory().numTensors;
    const seen: { size: number; labels: number[] }[] = [];
    for (const b of sub.batches(4)) {
      seen.push({ size: b.size, labels: Array.from(b.labels.dataSync()) });
      expect(b.inputs.shape[0]).toBe(b.size);
      tf.dispose([b.inputs, b.labels]);
    }
    expect(tf.memory().numTensors).toBe(before);
    expect(seen.map((s) => s.size)).toEqual([4, 4, 2]);
    expect(seen.flatMap((s) => s.labels)).toEqual(Array.from(syntheticSet(30, 7).labels.subarray(0, 10)));
    expect(sub.count).toBe(10);
    expect(firstExamples(source, 99)).toBe(source);
  });
});
