// The experiments as the lab session runs them, on a tiny conv net (tfjs cpu): criteria
// rescoring, channel pruning held through fine-tuning, jobs that put the model back or
// commit a checkpoint (with a fair dense baseline), compaction, and no tensor leaks.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotWeights } from '../core/train/modelWeights';
import { biasName, kernelName, type WeightSnapshot } from '../core/weights';
import { scheduleJob } from './scheduleJob';
import { compactJob, sweepJob } from './scienceJobs';
import { lastEvent, tinyLab, tinyMethod } from './testing/tinyLab';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const valueOf = (s: WeightSnapshot, name: string) => s.values[s.names.indexOf(name)];
const params = { rounds: 2, epochs: 1, control: false, baseline: false };

describe('science jobs in the lab session', () => {
  it('rescoring under another criterion changes the masks; the view says which criterion', async () => {
    const { lab, events } = tinyLab(1);
    await lab.train({ epochs: 1, seed: 1, method: tinyMethod({ rate: 0.6, scope: 'global' }) });
    const magnitude = lab.requirePruning().outcome?.masks.map((m) => Array.from(m));
    await lab.prune(tinyMethod({ rate: 0.6, scope: 'global', criterion: 'taylor' }), true);
    expect(lastEvent(events, 'view')?.view.criterion).toBe('taylor');
    expect(lab.requirePruning().outcome?.masks.map((m) => Array.from(m))).not.toEqual(magnitude);
    lab.dispose();
  });

  it('channel pruning: removed channels keep zero kernels and zero biases through fine-tuning', async () => {
    const { lab } = tinyLab(2);
    const method = tinyMethod({ rate: 0.5, structure: 'channels' });
    await lab.train({ epochs: 1, seed: 1, method });
    await lab.finetune({ epochs: 1, seed: 3, method });
    const w = await snapshotWeights(lab.requireModel());
    const bias = Array.from(valueOf(w, biasName('c1')));
    expect(bias.filter((b) => b === 0).length).toBe(1);
    const removed = bias.indexOf(0);
    const kernel = valueOf(w, kernelName('c1'));
    for (let i = removed; i < kernel.length; i += 2) expect(kernel[i]).toBe(0);
    expect(lab.requirePruning().view?.layers[1].deadInputs).toBeGreaterThan(0);
    lab.dispose();
  });

  it('a sweep and a compaction put the model on screen back; a sweep from a pruned checkpoint starts at its sparsity', async () => {
    const { lab } = tinyLab(3);
    const channels = tinyMethod({ rate: 0.5, structure: 'channels' });
    await lab.train({ epochs: 1, seed: 1, method: channels });
    await lab.lock.run(async () => lab.requirePruning().applyToModel());
    const before = await snapshotWeights(lab.requireModel());
    const sweep = await sweepJob(lab, { method: channels, criteria: ['magnitude', 'random'], rates: [0, 0.9], examples: 16 });
    expect(sweep.examples).toBe(16);
    expect(sweep.points.length).toBe(4);
    await lab.lock.run(async () => lab.requirePruning().applyToModel());
    expect((await snapshotWeights(lab.requireModel())).values).toEqual(before.values);
    const c = await compactJob(lab);
    expect(c.maxDiff).toBeLessThan(1e-5);
    expect(c.compact.params).toBeLessThan(c.dense.params);
    await lab.prune(tinyMethod({ rate: 0.5 }), true);
    await expect(compactJob(lab)).rejects.toThrow(/channel pruning/);

    // From a 90 % checkpoint, the rate-0 point is the checkpoint as it is: 90 % zeros, not "unpruned".
    await lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.9 }) });
    const fromSparse = await sweepJob(lab, { method: tinyMethod(), criteria: ['magnitude'], rates: [0, 0.5, 0.95] });
    expect(fromSparse.anchorSparsity).toBeCloseTo(0.9, 3);
    expect(fromSparse.points.map((p) => Math.round(p.sparsity * 100))).toEqual([90, 90, 95]);
    lab.dispose();
  });

  it('a finished schedule becomes a labelled checkpoint and the anchor; a stopped one is discarded; nothing leaks', async () => {
    const { lab, events } = tinyLab(4);
    const method = tinyMethod({ rate: 0.75, scope: 'global', schedule: 'iterative' });
    await lab.train({ epochs: 1, seed: 1, method });
    const run = async () => {
      const r = await scheduleJob(lab, { schedule: 'iterative', method, params });
      await lab.selectAnchor(0, method);
      return r;
    };
    const from = events.length;
    const r = await run();
    expect(r.kind === 'iterative' && r.result.rounds.length).toBe(2);
    // What the worker is doing follows each round (the page's phase): scoring, fine-tuning; then done.
    const stages = events.slice(from).flatMap((e) => (e.type === 'stage' ? [e.stage] : []));
    expect(stages).toEqual(['scoring', 'finetuning', 'scoring', 'finetuning', 'evaluating']);
    expect(r.checkpointId).toBe(1);
    expect(lastEvent(events, 'checkpoints')?.list[1].label).toBe('#1 iterative to 75.0%, 2 epochs from #0 · magnitude 75% global · 75.0% zeros');
    const before = tf.memory().numTensors;
    await run();
    expect(tf.memory().numTensors).toBe(before);
    const count = lab.requirePruning().checkpointCount;
    const stopped = scheduleJob(lab, { schedule: 'lottery', method: tinyMethod({ rate: 0.5 }), params });
    lab.stop();
    await expect(stopped).rejects.toThrow();
    expect(lab.requirePruning().checkpointCount).toBe(count);
    lab.dispose();
  });

  it('reports a dense baseline trained for as many epochs as the schedule', async () => {
    const { lab } = tinyLab(5);
    const method = tinyMethod({ rate: 0.75, schedule: 'iterative' });
    await lab.train({ epochs: 1, seed: 1, method });
    const r = await scheduleJob(lab, { schedule: 'iterative', method, params: { ...params, baseline: true } });
    expect(r.baseline).toMatchObject({ epochs: 2, from: 'anchor' });
    expect(r.baseline?.accuracy).toBeGreaterThan(0);
    // The model on screen is the schedule's checkpoint again, not the baseline's dense weights.
    expect(lab.requirePruning().view?.selected.sparsity).toBeCloseTo(0.75, 2);
    lab.dispose();
  });
});
