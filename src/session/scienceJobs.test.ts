// The session-level science API on a tiny conv net (tfjs cpu): criterion switching,
// channel pruning held through fine-tuning, jobs that restore the model or commit a new
// checkpoint, compaction, and no tensor leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LabEvent } from '../protocol/events';
import { snapshotWeights } from '../core/prune/apply';
import { PruneSession } from './pruneSession';
import { syntheticSet, trainedTinyNet, TINY_PRUNABLE } from '../core/testing/fixtures';
import { imageBatchSource } from '../core/train/batchSource';
import { softmaxTask } from '../core/train/task';
import { compactJob, scheduleJob, sweepJob, type ScheduleEnv } from './scienceJobs';
import type { WeightSnapshot } from '../core/weights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const layers = [...TINY_PRUNABLE];
const train = { epochs: 1, batchSize: 16, seed: 3, optimizer: 'sgd-momentum' as const, learningRate: 0.05, momentum: 0.5 };

async function trained(seed: number) {
  const { model, initial, trainSet } = await trainedTinyNet(seed, train);
  const events: LabEvent[] = [];
  const emit = (e: LabEvent) => events.push(e);
  const testSet = imageBatchSource(syntheticSet(32, seed + 1));
  const deps = { model, prunableLayers: layers, task: softmaxTask(10), trainSet, testSet, estimateSet: testSet, emit };
  const session = await PruneSession.fromTrained(deps, 0.9);
  const env: ScheduleEnv = { train, initial, reinit: async () => initial };
  return { model, session, events, emit, env };
}

const weightsOf = async (model: tf.LayersModel): Promise<WeightSnapshot> => snapshotWeights(model);
const valueOf = (s: WeightSnapshot, name: string) => s.values[s.names.indexOf(name)];
const last = <T extends LabEvent['type']>(events: LabEvent[], type: T) =>
  events.filter((e): e is Extract<LabEvent, { type: T }> => e.type === type).at(-1);

describe('PruneSession science API', () => {
  it('setCriterion rescores the anchor and re-previews; selectAnchor keeps the criterion', async () => {
    const { model, session, events } = await trained(1);
    const request = { rate: 0.6, scope: 'global' as const, include: layers, cap: null };
    const magnitude = session.preview(1, request).masks.map((m) => Array.from(m));
    await session.setCriterion('taylor', { gradients: { batches: 2, batchSize: 16 } });
    expect(last(events, 'criterion')?.criterion).toBe('taylor');
    const stats = last(events, 'pruneStats');
    expect(stats?.stats.criterion).toBe('taylor');
    expect(session.outcome?.masks.map((m) => Array.from(m))).not.toEqual(magnitude);
    expect(() => session.selectAnchor(5)).toThrow(/no checkpoint 5/);
    await session.selectAnchor(0);
    expect(session.outcome?.stats.criterion).toBe('taylor');
    model.dispose();
  });

  it('channel pruning: removed channels keep zero kernels and zero biases through fine-tuning (their readers are masked too)', async () => {
    const { model, session } = await trained(2);
    session.preview(1, { rate: 0.5, scope: 'layer', include: layers, cap: null, structure: 'channels' });
    await session.finetune({ ...train, signal: new AbortController().signal });
    const w = await weightsOf(model);
    // c1 has 2 filters: one removed, its bias 0; d1 (the output) keeps its 10 neurons
    const bias = Array.from(valueOf(w, 'c1/bias'));
    expect(bias.filter((b) => b === 0).length).toBe(1);
    const removed = bias.indexOf(0);
    const kernel = valueOf(w, 'c1/kernel');
    for (let i = removed; i < kernel.length; i += 2) expect(kernel[i]).toBe(0);
    expect(session.outcome?.stats.layers[1].deadInputs).toBeGreaterThan(0);
    model.dispose();
  });

  it('a sweep puts the current pruning back into the model; compaction matches the masked model', async () => {
    const { model, session, events, emit } = await trained(3);
    session.preview(1, { rate: 0.5, scope: 'layer', include: layers, cap: null, structure: 'channels' });
    session.applyToModel();
    const before = await weightsOf(model);
    const sweep = await sweepJob(session, emit, { criteria: ['magnitude', 'random'], rates: [0, 0.9], structure: 'weights', examples: 16 });
    expect(sweep.examples).toBe(16);
    expect(sweep.points.length).toBe(4);
    expect(last(events, 'sweepResult')?.result).toBe(sweep);
    expect((await weightsOf(model)).values).toEqual(before.values);
    const c = await compactJob(session, emit);
    expect(c.maxDiff).toBeLessThan(1e-5);
    expect(c.compact.params).toBeLessThan(c.dense.params);
    expect((await weightsOf(model)).values).toEqual(before.values);
    session.preview(2, { rate: 0.5, scope: 'layer', include: layers, cap: null });
    await expect(compactJob(session, emit)).rejects.toThrow(/channel pruning/);
    model.dispose();
  });

  it('a finished schedule becomes the new anchor; a stopped one is discarded; nothing leaks', async () => {
    const { model, session, events, emit, env } = await trained(4);
    const run = async () => {
      const r = await scheduleJob(session, emit, { kind: 'iterative', target: 0.75, perRound: 0.5, scope: 'global' }, env);
      await session.selectAnchor(0);
      return r;
    };
    const r = await run();
    expect(r.kind === 'iterative' && r.result.rounds.length).toBe(2);
    const checkpoint = events.filter((e) => e.type === 'checkpoint').at(-1);
    expect(checkpoint?.type === 'checkpoint' && checkpoint.checkpoint.label).toBe('iterative to 75.0%');
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
    const count = events.filter((e) => e.type === 'checkpoint').length;
    const abort = new AbortController();
    abort.abort();
    const stopped = await scheduleJob(session, emit, { kind: 'lottery', rate: 0.5 }, env, abort.signal);
    expect(stopped.result.stopped).toBe(true);
    expect(events.filter((e) => e.type === 'checkpoint').length).toBe(count);
    model.dispose();
  });
});
