// Masked training in the schedules survives a lost GPU device: iterative pruning, the
// lottery ticket and AGP, with the device lost in every training run (simulated: the "next
// backend" garbles what the lost device held), end with exactly the weights of an
// uninterrupted run, their masks held, and leak no tensors. AGP's run pauses long enough
// for a snapshot mid-run, so it resumes between two mask updates and redoes the later one.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { methodFor } from '../method';
import { snapshotWeights } from '../train/modelWeights';
import { syntheticSet, TINY_PRUNABLE, tinyNet } from '../testing/fixtures';
import { imageBatchSource } from '../train/batchSource';
import type { Recovery, RecoveryFactory } from '../train/recoverableTraining';
import { softmaxTask } from '../train/task';
import type { LabContext, TrainSpec } from './context';
import { runIterative } from './iterative';
import { runLottery } from './lottery';
import { runAgp } from './agp';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = imageBatchSource(syntheticSet(96, 11));
const TRAIN: TrainSpec = { epochs: 2, batchSize: 16, seed: 3, optimizer: 'sgd-momentum', learningRate: 0.05, momentum: 0.5 }; // 12 steps
const LAYERS = [...TINY_PRUNABLE];

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Recovery hooks whose device is lost once per run, after its `loseAt`-th step; before step `pauseAt` a second passes (a snapshot is due). */
function losingEveryRun(model: tf.LayersModel, loseAt: number, log: Recovery[], pauseAt?: number): RecoveryFactory {
  return (run) => {
    let lose: (reason: string) => void = () => undefined;
    let lost = false;
    let steps = 0;
    return {
      deviceLost: () => (lost ? null : new Promise<string>((resolve) => (lose = resolve))),
      switchBackend: async () => {
        lost = true;
        // The lost device's memory is gone: whatever the model holds now must not be used.
        tf.tidy(() => model.weights.forEach((w) => w.write(tf.randomNormal(w.shape.map(Number)))));
        return 'cpu';
      },
      createOptimizer: run.createOptimizer,
      stepHook: (at) => {
        if (!run.stepHook) throw new Error('masked training without a mask hook');
        const hook = run.stepHook(at);
        return {
          beforeStep: async (step) => {
            if (step === pauseAt && !lost) await delay(1100);
            await hook.beforeStep?.(step);
          },
          snapshotAt: (step) => hook.snapshotAt?.(step),
          afterStep: () => {
            hook.afterStep();
            if (++steps === loseAt) lose('device destroyed by the test');
          },
          dispose: () => hook.dispose(),
        };
      },
      onRecovered: (r) => log.push(r),
    };
  };
}

type Kind = 'iterative' | 'lottery' | 'agp';

async function schedule(kind: Kind, lossAt: number | null) {
  const model = tinyNet(7);
  const recoveries: Recovery[] = [];
  const ctx: LabContext = { model, layers: LAYERS, task: softmaxTask(10), trainSet: data, testSet: data, recovery: lossAt === null ? undefined : losingEveryRun(model, lossAt, recoveries, kind === 'agp' ? 4 : undefined) };
  const anchor = await snapshotWeights(model);
  const prune = { method: methodFor(LAYERS, { scope: 'global' }), seed: 1 };
  const out =
    kind === 'iterative'
      ? await runIterative(ctx, anchor, { target: 0.75, perRound: 0.5, prune, finetune: TRAIN })
      : kind === 'lottery'
        ? await runLottery(ctx, anchor, { rate: 0.5, prune, retrain: TRAIN, initial: anchor, reinit: null })
        : await runAgp(ctx, anchor, { final: 0.75, frequency: 2, prune, train: TRAIN }); // mask updates before steps 0, 2, 4, 6, 8
  model.dispose();
  return { out, recoveries };
}

/** A result without its timings: rounds, updates, accuracies, sparsities, steps. */
const factsOf = (result: object): unknown => JSON.parse(JSON.stringify(result, (key: string, v: unknown) => (/seconds/i.test(key) ? undefined : v)));

const zerosOf = (values: Float32Array) => values.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);

describe('schedules on a lost device', () => {
  for (const kind of ['iterative', 'lottery', 'agp'] as const) {
    it(`${kind}: recovers in every training run and ends exactly where an uninterrupted run ends`, async () => {
      const reference = await schedule(kind, null);
      const before = tf.memory().numTensors;
      const { out, recoveries } = await schedule(kind, 7);
      expect(tf.memory().numTensors).toBe(before);
      expect(recoveries.length).toBe(kind === 'iterative' ? 2 : 1); // two rounds of fine-tuning; one retraining; one AGP run
      // AGP resumes after 5 steps: the masks of the update at 4 held again, the one at 6 redone
      if (kind === 'agp') expect(recoveries[0].resumedAtStep).toBe(5);
      expect(factsOf(out.result)).toEqual(factsOf(reference.out.result));
      expect(out.result.stopped).toBe(false);
      expect(out.weights.names).toEqual(reference.out.weights.names);
      out.weights.values.forEach((v, i) => expect(Array.from(v)).toEqual(Array.from(reference.out.weights.values[i])));
      // the masks held through the recovery: every pruned weight is still zero
      const masks = out.outcome?.masks ?? [];
      expect(masks).toHaveLength(LAYERS.length);
      LAYERS.forEach((layer, i) => {
        const kernel = out.weights.values[out.weights.names.indexOf(`${layer}/kernel`)];
        const pruned = masks[i].reduce((n, m) => n + (m === 0 ? 1 : 0), 0);
        expect(pruned).toBeGreaterThan(0);
        masks[i].forEach((m, j) => m === 0 && expect(kernel[j]).toBe(0));
        expect(zerosOf(kernel)).toBeGreaterThanOrEqual(pruned);
      });
    }, 60_000);
  }
});
