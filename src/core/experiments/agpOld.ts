// The AGP loop as it was before it trained through trainMasked, kept for one commit to show the new one ends bit-identical.
// schedule s_t (prune/schedules.ts), the masks are recomputed from the current weights
// every Δt steps and held in between. Its own step loop, because a mask update must await
// a read-back of the weights (trainModel's afterStep hook is synchronous).

import * as tf from '@tensorflow/tfjs';
import { batchCount, epochOrder } from '../data/batches';
import { DeviceMasks, snapshotWeights, writeWeights } from '../prune/apply';
import type { PruneOutcome } from '../prune/controller';
import { agpForRun, agpSparsity, agpUpdateSteps, type AgpSchedule } from '../prune/schedules';
import { isStopOf } from '../abort';
import { createOptimizer } from '../train/optimizers';
import { specController } from './scoring';
import { accuracyOf, methodAt, type LabContext, type OnJobProgress, type PruneSpec, type TrainSpec } from './context';
import type { ScheduleOutcome } from './iterative';
import type { WeightSnapshot } from '../weights';

export interface AgpOptions {
  readonly final: number;
  /** Steps between mask updates (Δt). */
  readonly frequency: number;
  /** Updates run from startFraction to endFraction of the training steps (default 0 → 0.75). */
  readonly startFraction?: number;
  readonly endFraction?: number;
  readonly prune: PruneSpec;
  readonly train: TrainSpec;
  readonly signal?: AbortSignal;
  readonly onProgress?: OnJobProgress;
}

export interface AgpUpdate {
  readonly step: number;
  /** s_t from the schedule, and the sparsity the masks achieved. */
  readonly target: number;
  readonly sparsity: number;
}

export interface AgpResult {
  readonly schedule: AgpSchedule;
  readonly updates: readonly AgpUpdate[];
  readonly anchorAccuracy: number;
  readonly epochAccuracies: readonly number[];
  readonly finalAccuracy: number;
  readonly finalSparsity: number;
  readonly steps: number;
  readonly seconds: number;
  readonly stopped: boolean;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export async function runAgp(ctx: LabContext, anchor: WeightSnapshot, opts: AgpOptions): Promise<ScheduleOutcome<AgpResult>> {
  const started = performance.now();
  const { model, task, trainSet } = ctx;
  const train = opts.train;
  const totalSteps = batchCount(trainSet.count, train.batchSize) * train.epochs;
  const schedule = agpForRun(opts.final, totalSteps, opts.frequency, opts.startFraction, opts.endFraction);
  const updateAt = new Set(agpUpdateSteps(schedule));
  const updates: AgpUpdate[] = [];
  const epochAccuracies: number[] = [];
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = createOptimizer(train);
  // Mutated by update(): an object, so the loop below sees the current masks.
  const held: { masks: DeviceMasks | null; outcome: PruneOutcome | null } = { masks: null, outcome: null };
  let step = 0;
  let stopped = false;
  let lastReport = 0;

  const update = async () => {
    const current = await snapshotWeights(model);
    const target = agpSparsity(step, schedule);
    const controller = await specController(ctx, current, opts.prune, opts.signal, updates.length);
    const outcome = controller.compute(methodAt(opts.prune, target));
    writeWeights(model, current, outcome.kernels);
    held.masks?.dispose();
    held.masks = DeviceMasks.create(model, ctx.layers, outcome.masks, outcome.biasMasks);
    held.outcome = outcome;
    updates.push({ step, target, sparsity: outcome.stats.sparsity });
  };

  writeWeights(model, anchor);
  const anchorAccuracy = await accuracyOf(ctx);
  try {
    outer: for (let epoch = 0; epoch < train.epochs; epoch++) {
      for (const batch of trainSet.batches(train.batchSize, epochOrder(trainSet.count, train.seed, epoch))) {
        if (opts.signal?.aborted) {
          tf.dispose([batch.inputs, batch.labels]);
          stopped = true;
          break outer;
        }
        if (updateAt.has(step)) await update();
        const cost = optimizer.minimize(() => task.loss(model.apply(batch.inputs, { training: true }) as tf.Tensor, batch.labels), false, vars);
        cost?.dispose();
        held.masks?.apply();
        tf.dispose([batch.inputs, batch.labels]);
        step++;
        if (performance.now() - lastReport > 250) {
          lastReport = performance.now();
          const s = updates.at(-1)?.sparsity ?? 0;
          opts.onProgress?.({ job: 'agp', done: step, total: totalSteps, label: `epoch ${epoch + 1}/${train.epochs}, sparsity ${(s * 100).toFixed(1)} %` });
          await yieldToEventLoop();
        }
      }
      epochAccuracies.push(await accuracyOf(ctx));
    }
  } catch (e) {
    if (!isStopOf(e, opts.signal)) throw e;
    stopped = true;
  } finally {
    optimizer.dispose();
    held.masks?.dispose();
  }
  const finalAccuracy = epochAccuracies.length === train.epochs ? (epochAccuracies.at(-1) ?? NaN) : await accuracyOf(ctx);
  opts.onProgress?.({ job: 'agp', done: step, total: totalSteps, label: stopped ? 'stopped' : 'done' });
  const last = held.outcome;
  return {
    result: {
      schedule,
      updates,
      anchorAccuracy,
      epochAccuracies,
      finalAccuracy,
      finalSparsity: last?.stats.sparsity ?? 0,
      steps: step,
      seconds: (performance.now() - started) / 1000,
      stopped,
    },
    weights: await snapshotWeights(model),
    outcome: last,
  };
}
