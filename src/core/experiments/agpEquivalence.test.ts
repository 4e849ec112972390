// The old AGP loop and the one through trainMasked end with bit-identical weights, updates and accuracies.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { methodFor } from '../method';
import { snapshotWeights } from '../prune/apply';
import { syntheticSet, TINY_PRUNABLE, tinyNet } from '../testing/fixtures';
import { imageBatchSource } from '../train/batchSource';
import { softmaxTask } from '../train/task';
import type { LabContext, TrainSpec } from './context';
import { runAgp } from './agp';
import { runAgp as runAgpOld } from './agpOld';
import type { Criterion } from '../method';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const data = imageBatchSource(syntheticSet(96, 11));
const TRAIN: TrainSpec = { epochs: 3, batchSize: 16, seed: 3, optimizer: 'sgd-momentum', learningRate: 0.05, momentum: 0.5 };
const LAYERS = [...TINY_PRUNABLE];

async function run(old: boolean, criterion: Criterion, scope: 'global' | 'layer', startFraction: number) {
  const model = tinyNet(7);
  const ctx: LabContext = { model, layers: LAYERS, task: softmaxTask(10), trainSet: data, testSet: data };
  const anchor = await snapshotWeights(model);
  const prune = { method: methodFor(LAYERS, { scope, criterion }), seed: 1, gradients: { batches: 2, batchSize: 16 } };
  const opts = { final: 0.8, frequency: 2, startFraction, prune, train: TRAIN };
  const out = old ? await runAgpOld(ctx, anchor, opts) : await runAgp(ctx, anchor, opts);
  model.dispose();
  return out;
}

for (const [criterion, scope, start] of [['magnitude', 'global', 0], ['taylor', 'layer', 0.2], ['random', 'global', 0.1]] as const) {
  it(`${criterion} ${scope} start ${start}: same weights, updates and accuracies`, async () => {
    const a = await run(true, criterion, scope, start);
    const b = await run(false, criterion, scope, start);
    expect(b.result.updates).toEqual(a.result.updates);
    expect(b.result.epochAccuracies).toEqual(a.result.epochAccuracies);
    expect(b.result.steps).toBe(a.result.steps);
    expect(b.weights.names).toEqual(a.weights.names);
    let n = 0;
    b.weights.values.forEach((v, i) => { expect(Array.from(v)).toEqual(Array.from(a.weights.values[i])); n += v.length; });
    console.log(criterion, scope, start, 'weights compared', n, 'updates', a.result.updates.length, 'final sparsity', a.result.finalSparsity, 'acc', a.result.finalAccuracy);
  }, 60_000);
}
