// N:M masks held through fine-tuning: a tiny conv net pruned 2:4 and trained an epoch with
// the controller's masks re-applied after every step still follows the pattern exactly
// (tfjs cpu, synthetic images), and no tensor leaks.

import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotWeights, writeWeights } from '../train/modelWeights';
import { PruneController } from './controller';
import { chainFanInOrders, checkNm, nmPrunedCount, nmSpec } from './nmMasks';
import { heldMasksOf, maskWeights, trainMasked, type TrainSpec } from '../lab/context';
import { syntheticSet, TINY_PRUNABLE, tinyNet } from '../testing/fixtures';
import { imageBatchSource } from '../train/batchSource';
import { softmaxTask } from '../train/task';
import { methodFor, NM_PATTERNS } from '../method';
import { kernelName, kernelShape } from '../weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layers = [...TINY_PRUNABLE];
const train: TrainSpec = { epochs: 1, batchSize: 16, seed: 2, optimizer: 'sgd-momentum', learningRate: 0.05, momentum: 0.9 };

describe('N:M through fine-tuning', () => {
  it('every pattern survives an epoch of SGD with momentum: no group regains a weight', async () => {
    // An untrained net, so every step has gradients to apply.
    const model = tinyNet(3);
    const ctx = { model, layers, task: softmaxTask(10), trainSet: imageBatchSource(syntheticSet(64, 3)), testSet: imageBatchSource(syntheticSet(32, 4)) };
    const anchor = await snapshotWeights(model);
    const controller = new PruneController(layers, anchor);
    const before = tf.memory().numTensors;
    for (const pattern of NM_PATTERNS) {
      const spec = nmSpec(pattern);
      const outcome = controller.compute(methodFor(layers, { structure: 'nm', nm: pattern }));
      writeWeights(model, maskWeights(anchor, layers, outcome));
      await trainMasked(ctx, heldMasksOf(ctx, outcome), train);
      const tuned = await snapshotWeights(model);
      let moved = 0; // kept weights that training changed
      const orders = chainFanInOrders(layers.map((l) => kernelShape(tuned, l)));
      for (const [i, layer] of layers.entries()) {
        const values = tuned.values[tuned.names.indexOf(kernelName(layer))];
        const shape = kernelShape(tuned, layer);
        const check = checkNm(values, shape, spec, orders[i]);
        expect(check.violations, `${pattern} ${layer}`).toBe(0);
        expect(values.length - check.nonZero).toBeGreaterThanOrEqual(nmPrunedCount(shape, spec));
        const anchorValues = anchor.values[anchor.names.indexOf(kernelName(layer))];
        moved += values.filter((v, i) => v !== 0 && v !== anchorValues[i]).length;
      }
      expect(moved, `${pattern}: training moved kept weights`).toBeGreaterThan(0);
    }
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
