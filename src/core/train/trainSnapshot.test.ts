import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticSet, tinyNet } from '../testing/fixtures';
import { imageBatchSource } from './batchSource';
import { trainModel } from './trainLoop';
import { captureSnapshot, restoreSnapshot, type TrainSnapshot } from './trainSnapshot';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = imageBatchSource(syntheticSet(64, 21));
const RUN = { epochs: 2, batchSize: 16, seed: 5, progressIntervalMs: 0 } as const; // 8 steps

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => Float32Array.from(await w.read().data())));
}

describe('training snapshots', () => {
  it('an Adam run restored from a mid-run snapshot into a fresh optimizer continues as the original did', async () => {
    const model = tinyNet(4);
    const adam = tf.train.adam(0.01);
    let mid: TrainSnapshot | null = null;
    await trainModel(model, data, {
      ...RUN,
      optimizer: adam,
      snapshotEveryMs: 0,
      onSnapshot: (s) => {
        if (s.cursor.step === 5) mid = s;
      },
    });
    const original = await weightsOf(model);
    const snap = mid as TrainSnapshot | null;
    expect(snap?.cursor).toEqual({ epoch: 1, batch: 1, step: 5, examples: 80 });
    expect(snap?.optimizer.map((s) => s.name)[0]).toBe('iter');
    expect(Array.from(snap?.optimizer[0].values ?? [])).toEqual([5]);
    if (!snap) return;
    // Snapshots are copies: later steps did not change them.
    expect(snap.weights.values[0]).not.toEqual(original[0]);

    tf.tidy(() => model.weights.forEach((w) => w.write(tf.zerosLike(w.read()))));
    const fresh = tf.train.adam(0.01);
    await restoreSnapshot(model, fresh, snap);
    expect(await weightsOf(model)).toEqual(snap.weights.values);
    await trainModel(model, data, { ...RUN, optimizer: fresh, resumeFrom: snap.cursor });
    const resumed = await weightsOf(model);
    // Adam's bias corrections are recomputed as powers on restore: equal up to float rounding.
    resumed.forEach((w, i) => w.forEach((v, j) => expect(v).toBeCloseTo(original[i][j], 5)));
    adam.dispose();
    fresh.dispose();
    model.dispose();
  });

  it('releases its clones once the read-back arrives', async () => {
    const model = tinyNet(5);
    const optimizer = tf.train.momentum(0.01, 0.9);
    await trainModel(model, data, { ...RUN, epochs: 1, optimizer });
    const before = tf.memory().numTensors;
    const { done } = await captureSnapshot(model, optimizer, { epoch: 1, batch: 0, step: 4, examples: 64 });
    expect(tf.memory().numTensors).toBeGreaterThan(before); // clones held until read
    const s = await done;
    expect(tf.memory().numTensors).toBe(before);
    expect(s.optimizer.map((x) => x.name)).toEqual(['iter', ...model.trainableWeights.map((w) => `${(w.read() as tf.Variable).name}/momentum`)]);
    optimizer.dispose();
    model.dispose();
  });
});
