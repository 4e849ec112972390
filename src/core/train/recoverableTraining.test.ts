import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceMasks } from './modelWeights';
import { syntheticSet, tinyNet } from '../testing/fixtures';
import { imageBatchSource } from './batchSource';
import { momentumSGD } from './optimizers';
import { trainRecoverable, withoutRepeats, type Recovery, type RecoveryHooks } from './recoverableTraining';
import { trainModel, type TrainProgress } from './trainLoop';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = imageBatchSource(syntheticSet(96, 11));
const RUN = { epochs: 2, batchSize: 16, seed: 3, progressIntervalMs: 0 } as const; // 12 steps

/** Half of d1's kernel pruned (every other weight), as the pruning panel would. */
function maskOf(model: tf.LayersModel): Uint8Array {
  const n = model.getLayer('d1').getWeights()[0].size;
  return Uint8Array.from({ length: n }, (_, i) => i % 2);
}

async function weightsOf(model: tf.LayersModel): Promise<Float32Array[]> {
  return Promise.all(model.weights.map(async (w) => Float32Array.from(await w.read().data())));
}

async function uninterrupted(): Promise<Float32Array[]> {
  const model = tinyNet(7);
  const masks = DeviceMasks.create(model, ['d1'], [maskOf(model)]);
  const optimizer = momentumSGD(0.05, 0.5);
  masks.apply();
  await trainModel(model, data, { ...RUN, optimizer, afterStep: () => masks.apply() });
  const w = await weightsOf(model);
  masks.dispose();
  optimizer.dispose();
  model.dispose();
  return w;
}

/** A device that is lost once, when step `loseAt` is reported; the "next backend" garbles what the lost one held. */
function lossAt(model: tf.LayersModel, loseAt: number) {
  let lose: (reason: string) => void = () => undefined;
  let lostOnce = false;
  const built: string[] = [];
  const recoveries: Recovery[] = [];
  const hooks: RecoveryHooks = {
    deviceLost: () => (lostOnce ? null : new Promise<string>((resolve) => (lose = resolve))),
    switchBackend: async () => {
      lostOnce = true;
      // The lost device's memory is gone: whatever the model holds now must not be used.
      tf.tidy(() => model.weights.forEach((w) => w.write(tf.randomNormal(w.shape.map(Number)))));
      return 'cpu';
    },
    createOptimizer: () => momentumSGD(0.05, 0.5),
    stepHook: () => {
      built.push('masks');
      const masks = DeviceMasks.create(model, ['d1'], [maskOf(model)]);
      return { afterStep: () => masks.apply(), dispose: () => masks.dispose() };
    },
    onRecovered: (r) => recoveries.push(r),
  };
  const onProgress = (p: TrainProgress) => {
    if (p.step >= loseAt && !lostOnce) lose('device destroyed by the test');
  };
  return { hooks, onProgress, built, recoveries };
}

describe('trainRecoverable', () => {
  it('resumes on the next backend from the last snapshot and ends exactly where an uninterrupted run ends', async () => {
    const reference = await uninterrupted();
    for (const snapshotEveryMs of [0, 1e9]) {
      // 0: a snapshot after every step; 1e9: only the one at the start, so every step is replayed.
      const model = tinyNet(7);
      const optimizer = momentumSGD(0.05, 0.5);
      const loss = lossAt(model, 8); // in epoch 2: a replay from step 0 passes the end of epoch 1 again
      const progress: TrainProgress[] = [];
      const epochsEnded: number[] = [];
      const initialMasks = DeviceMasks.create(model, ['d1'], [maskOf(model)]);
      initialMasks.apply();
      initialMasks.dispose();
      const result = await trainRecoverable(model, data, {
        ...RUN,
        optimizer,
        snapshotEveryMs,
        recovery: loss.hooks,
        onProgress: (p) => {
          progress.push(p);
          loss.onProgress(p);
        },
        onEpochEnd: (e) => void epochsEnded.push(e),
      });
      expect(epochsEnded).toEqual([1, 2]);
      expect(result.steps).toBe(12);
      expect(result.recoveries).toHaveLength(1);
      expect(loss.recoveries[0]).toMatchObject({ reason: 'device destroyed by the test', backend: 'cpu' });
      expect(loss.built).toEqual(['masks', 'masks']);
      if (snapshotEveryMs === 1e9) expect(loss.recoveries[0].resumedAtStep).toBe(0);
      else expect(loss.recoveries[0].resumedAtStep).toBeGreaterThanOrEqual(7);
      // Every step is reported exactly once, in order, though some ran twice.
      expect(progress.flatMap((p) => Array.from(p.losses, (_, i) => p.firstStep + i))).toEqual([...Array(12).keys()].map((i) => i + 1));
      const w = await weightsOf(model);
      w.forEach((values, i) => expect(values).toEqual(reference[i]));
      const d1 = w[model.weights.findIndex((x) => x.originalName === 'd1/kernel')];
      expect(d1.filter((_, i) => i % 2 === 0).every((v) => v === 0)).toBe(true); // the mask held
      optimizer.dispose();
      model.dispose();
    }
  });

  it('rethrows an error that is not a lost device, and returns a user stop as a stop', async () => {
    const model = tinyNet(8);
    const optimizer = momentumSGD(0.05, 0.5);
    const never = new Promise<string>(() => undefined);
    const hooks: RecoveryHooks = { deviceLost: () => never, switchBackend: async () => 'cpu', createOptimizer: () => momentumSGD(0.05, 0.5) };
    const failing = trainRecoverable(model, data, {
      ...RUN,
      optimizer,
      snapshotEveryMs: 1e9,
      recovery: hooks,
      onEpochEnd: () => {
        throw new Error('evaluation broke');
      },
    });
    await expect(failing).rejects.toThrow('evaluation broke');
    const stop = new AbortController();
    const stopped = await trainRecoverable(model, data, {
      ...RUN,
      optimizer,
      signal: stop.signal,
      recovery: hooks,
      onProgress: (p) => p.step === 2 && stop.abort(),
    });
    expect(stopped).toMatchObject({ stopped: true, steps: 2, recoveries: [] });
    optimizer.dispose();
    model.dispose();
  });

  it('ends an epoch again on the next backend when the device is lost while its end is measured', async () => {
    for (const snapshotEveryMs of [0, 1e9]) {
      const model = tinyNet(10);
      const optimizer = momentumSGD(0.05, 0.5);
      const loss = lossAt(model, Infinity);
      const measured: { epoch: number; backend: string }[] = [];
      let backend = 'webgpu';
      const switchBackend = loss.hooks.switchBackend;
      const hooks: RecoveryHooks = { ...loss.hooks, switchBackend: async (r) => (backend = await switchBackend(r)) };
      const result = await trainRecoverable(model, data, {
        ...RUN,
        optimizer,
        snapshotEveryMs,
        recovery: hooks,
        onEpochEnd: async (epoch) => {
          if (epoch === 2 && backend === 'webgpu') loss.onProgress({ step: Infinity } as TrainProgress); // lost mid-measurement
          await new Promise((resolve) => setTimeout(resolve, 5));
          measured.push({ epoch, backend });
        },
      });
      expect(result.recoveries).toHaveLength(1);
      expect(result.steps).toBe(12);
      // The measurement made on the lost device is followed by one on the next backend, which is the last word.
      expect(measured.at(-1)).toEqual({ epoch: 2, backend: 'cpu' });
      expect(measured.filter((m) => m.backend === 'cpu').map((m) => m.epoch)).toEqual([2]);
      optimizer.dispose();
      model.dispose();
    }
  });

  it('recovers when the failure itself says the device is lost, before the lost promise settles', async () => {
    const model = tinyNet(11);
    const optimizer = momentumSGD(0.05, 0.5);
    const gone = Object.assign(new Error('mapAsync: the device was destroyed'), { name: 'AbortError' });
    let backend = 'webgpu';
    const hooks: RecoveryHooks = {
      deviceLost: () => (backend === 'webgpu' ? new Promise<string>(() => undefined) : null), // settles far too late
      lossIn: (e) => (e === gone ? 'the device was destroyed' : null),
      switchBackend: async () => (backend = 'cpu'),
      createOptimizer: () => momentumSGD(0.05, 0.5),
    };
    const measured: string[] = [];
    const result = await trainRecoverable(model, data, {
      ...RUN,
      optimizer,
      snapshotEveryMs: 0,
      recovery: hooks,
      onEpochEnd: (epoch) => {
        if (epoch === 2 && backend === 'webgpu') throw gone;
        measured.push(`${epoch}@${backend}`);
      },
    });
    expect(result.recoveries).toMatchObject([{ reason: 'the device was destroyed', backend: 'cpu' }]);
    expect(measured).toEqual(['1@webgpu', '2@cpu']);
    optimizer.dispose();
    model.dispose();
  });

  it('leaks no tensors through a recovery', async () => {
    const model = tinyNet(9);
    const run = async () => {
      const optimizer = momentumSGD(0.05, 0.5);
      const loss = lossAt(model, 3);
      await trainRecoverable(model, data, { ...RUN, optimizer, snapshotEveryMs: 0, recovery: loss.hooks, onProgress: loss.onProgress });
      optimizer.dispose();
    };
    await run();
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('drops the already reported part of a replayed report', () => {
    const p = { step: 6, firstStep: 3, losses: Float32Array.of(3, 4, 5, 6), accuracies: Float32Array.of(0.3, 0.4, 0.5, 0.6) } as TrainProgress;
    expect(withoutRepeats(p, 6)).toBeNull();
    expect(withoutRepeats(p, 2)).toBe(p);
    const tail = withoutRepeats(p, 4);
    expect(tail?.firstStep).toBe(5);
    expect(Array.from(tail?.losses ?? [])).toEqual([5, 6]);
    expect(Array.from(tail?.accuracies ?? [])).toEqual([Math.fround(0.5), Math.fround(0.6)]);
  });
});
