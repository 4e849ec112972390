import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { methodFor } from '../core/method';
import { getModelSpec } from '../core/nets/registry';
import { syntheticSet } from '../core/testing/fixtures';
import { imageBatchSource } from '../core/train/batchSource';
import { kernelName, layerKernels, zeroCount } from '../core/weights';
import { LabSession } from './labSession';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('LeNet-300-100 in a lab session', () => {
  it('trains, prunes 50 % per layer and keeps the pruned weights at exactly +0 through fine-tuning', async () => {
    const spec = getModelSpec('lenet300');
    const data = {
      name: 'synthetic',
      train: imageBatchSource(syntheticSet(64, 1)),
      test: imageBatchSource(syntheticSet(16, 2)),
      estimate: imageBatchSource(syntheticSet(8, 2)),
      inputSize: 784,
      fullTrain: 64,
      fullTest: 16,
      vocab: null,
    };
    const lab = LabSession.withData(spec, data, () => {});
    const method = methodFor(spec.defaultInclude, { rate: 0.5 });
    await lab.train({ epochs: 1, seed: 1, method });
    const shown = () => {
      const w = lab.requirePruning().currentWeights();
      return spec.prunableLayers.map((l) => (w.kernels?.get(kernelName(l)) ?? w.anchor.values[w.anchor.names.indexOf(kernelName(l))]).slice());
    };
    const before = shown();
    expect(before.map(zeroCount)).toEqual([117_600, 15_000, 500]);
    await lab.finetune({ epochs: 1, seed: 2, method });
    const after = layerKernels(lab.requirePruning().anchor, spec.prunableLayers);
    let changed = 0;
    after.forEach((k, i) =>
      k.forEach((v, j) => {
        if (before[i][j] === 0) expect(Object.is(v, 0)).toBe(true);
        else if (v !== before[i][j]) changed++;
      }),
    );
    expect(changed).toBeGreaterThan(0);
    expect(after.map(zeroCount)).toEqual([117_600, 15_000, 500]);
    lab.dispose();
  });
});
