import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshotWeights } from '../core/train/modelWeights';
import { kernelName, layerKernels, zeroCount, type WeightSnapshot } from '../core/weights';
import { TINY_PRUNABLE } from '../core/testing/fixtures';
import { lastEvent, tinyLab, tinyMethod } from './testing/tinyLab';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const RUN = { epochs: 1, seed: 1 };

/** The weights on screen (anchor ⊙ mask) as the session holds them. */
function shown(lab: ReturnType<typeof tinyLab>['lab']): Float32Array[] {
  const w = lab.requirePruning().currentWeights();
  return TINY_PRUNABLE.map((l) => w.kernels?.get(kernelName(l)) ?? w.anchor.values[w.anchor.names.indexOf(kernelName(l))]);
}

describe('LabSession', () => {
  it('trains, commits the dense checkpoint and shows the requested method measured on the full test set', async () => {
    const { lab, events } = tinyLab(1);
    const summary = await lab.train({ ...RUN, method: tinyMethod({ rate: 0.5 }) });
    expect(summary).toMatchObject({ kind: 'train', stopped: false, checkpointId: 0 });
    const view = lab.requirePruning().view;
    expect(view?.selected.sparsity).toBe(0.5);
    const m = lastEvent(events, 'measurement')?.measurement;
    expect(m).toMatchObject({ viewSeq: view?.seq, estimate: false, examples: 32 });
    expect(lastEvent(events, 'checkpoints')?.list.map((c) => c.label)).toEqual(['#0 dense · trained 1 epoch · 0.0% zeros']);
    lab.dispose();
  });

  it('reports the zeros of a sparse checkpoint when pruning it at a lower rate (they are kept)', async () => {
    const { lab, events } = tinyLab(2);
    await lab.train({ ...RUN, method: tinyMethod({ rate: 0.9 }) });
    await lab.finetune({ epochs: 1, seed: 2, method: tinyMethod({ rate: 0.9 }) });
    const reply = await lab.prune(tinyMethod({ rate: 0.3 }), true);
    const view = lastEvent(events, 'view')?.view;
    expect(view?.seq).toBe(reply.viewSeq);
    expect(view?.belowAnchor).toBe(true);
    expect(view?.selected.sparsity).toBeCloseTo(0.9, 3);
    const total = layerKernels(lab.requirePruning().anchor, TINY_PRUNABLE).reduce((n, k) => n + k.length, 0);
    expect(view?.selected.weights).toBe(total);
    expect(view?.selected.zeros).toBe(Math.round(0.9 * total));
    // The readout, the model's actual weights and the checkpoint all agree.
    const zeros = shown(lab).reduce((s, k) => s + zeroCount(k), 0);
    expect(zeros).toBe(view?.selected.zeros);
    expect(lastEvent(events, 'checkpoints')?.list.at(-1)?.sparsity).toBeCloseTo(0.9, 3);
    lab.dispose();
  });

  it('shows an imported sparse model with its actual zeros', async () => {
    const { lab, events } = tinyLab(3);
    await lab.train({ ...RUN, method: tinyMethod() });
    const dense = lab.requirePruning().anchor;
    const sparse: WeightSnapshot = { ...dense, values: dense.values.map((v, i) => (dense.names[i].endsWith('/kernel') ? v.map((x, j) => (j % 10 === 0 ? x : 0)) : v)) };
    const [info] = await lab.adopt([{ weights: sparse, kind: 'imported', accuracy: 0.5, examples: 32 }], tinyMethod());
    expect(info.sparsity).toBeCloseTo(0.9, 2);
    expect(lastEvent(events, 'view')?.view.selected.sparsity).toBeCloseTo(0.9, 2);
    expect(lastEvent(events, 'view')?.view.anchorId).toBe(info.id);
    lab.dispose();
  });

  it('holds the masks through fine-tuning: pruned weights stay exactly +0, the rest train', async () => {
    const { lab } = tinyLab(4);
    const method = tinyMethod({ rate: 0.8, scope: 'global', cap: null });
    await lab.train({ ...RUN, method });
    const before = shown(lab).map((k) => k.slice());
    await lab.finetune({ epochs: 2, seed: 3, method });
    const after = layerKernels(lab.requirePruning().anchor, TINY_PRUNABLE);
    let changed = 0;
    after.forEach((k, i) =>
      k.forEach((v, j) => {
        if (before[i][j] === 0) expect(Object.is(v, 0)).toBe(true);
        else if (v !== before[i][j]) changed++;
      }),
    );
    expect(changed).toBeGreaterThan(0);
    const total = after.reduce((n, k) => n + k.length, 0);
    expect(after.reduce((n, k) => n + zeroCount(k), 0)).toBe(Math.round(0.8 * total));
    lab.dispose();
  });

  it('answers a slider request that races a new training as superseded, never as an error', async () => {
    const { lab } = tinyLab(5);
    await lab.train({ ...RUN, method: tinyMethod() });
    const move = lab.prune(tinyMethod({ rate: 0.4 }), false);
    const training = lab.train({ ...RUN, seed: 2, method: tinyMethod() });
    const during = lab.prune(tinyMethod({ rate: 0.5 }), true);
    await expect(move).resolves.toMatchObject({ superseded: true });
    await expect(during).resolves.toMatchObject({ superseded: true });
    await training;
    await expect(lab.prune(tinyMethod({ rate: 0.5 }), true)).resolves.toMatchObject({ superseded: false });
    lab.dispose();
  });

  it('lets a fine-tune wait for a gradient criterion being scored instead of failing it', async () => {
    const { lab, events } = tinyLab(6);
    const taylor = tinyMethod({ rate: 0.5, criterion: 'taylor' });
    const training = lab.train({ epochs: 3, seed: 1, method: taylor });
    while (!events.some((e) => e.type === 'runProgress')) await new Promise((r) => setTimeout(r, 1));
    lab.stop(); // Stop during training: the lab then evaluates and scores the anchor under taylor
    await expect(training).resolves.toMatchObject({ stopped: true });
    const slider = lab.prune(tinyMethod({ rate: 0.6, criterion: 'taylor' }), true);
    const finetune = lab.finetune({ epochs: 1, seed: 2, method: taylor });
    await expect(finetune).resolves.toMatchObject({ kind: 'finetune' });
    await expect(slider).resolves.toBeDefined();
    lab.dispose();
  });

  it('stops a diverging fine-tune with a clear message and keeps the last good checkpoint', async () => {
    const { lab, events } = tinyLab(7);
    await lab.train({ ...RUN, method: tinyMethod({ rate: 0.5 }) });
    const anchor = lab.requirePruning().anchor;
    // Weights far out of range make the loss overflow at once.
    const wild: WeightSnapshot = { ...anchor, values: anchor.values.map((v) => v.map((x) => x * 1e30)) };
    await lab.adopt([{ weights: wild, kind: 'imported', accuracy: 0, examples: 32 }], tinyMethod({ rate: 0.5 }));
    const count = lab.requirePruning().checkpointCount;
    await expect(lab.finetune({ epochs: 1, seed: 1, method: tinyMethod({ rate: 0.5 }) })).rejects.toThrow(/diverged.*step \d+.*#1 imported/);
    expect(lab.requirePruning().checkpointCount).toBe(count);
    expect(lastEvent(events, 'checkpoints')?.anchorId).toBe(1);
    lab.dispose();
  });

  it('gives every checkpoint a distinct label', async () => {
    const { lab, events } = tinyLab(8);
    const method = tinyMethod({ rate: 0.99 });
    await lab.train({ ...RUN, method });
    await lab.finetune({ epochs: 1, seed: 2, method });
    await lab.selectAnchor(0, method);
    await lab.finetune({ epochs: 1, seed: 3, method });
    const labels = lastEvent(events, 'checkpoints')?.list.map((c) => c.label) ?? [];
    expect(labels).toHaveLength(3);
    expect(new Set(labels).size).toBe(3);
    // Each says where it came from: both fine-tunes were made from #0, not one from the other.
    expect(labels[2]).toMatch(/^#2 fine-tuned 1 epoch from #0 · magnitude 99% per layer · /);
    expect(lastEvent(events, 'checkpoints')?.list.map((c) => c.parent)).toEqual([null, 0, 0]);
    lab.dispose();
  });

  it('leaks no tensors across slider moves, measurements and a fine-tune', async () => {
    const { lab } = tinyLab(9);
    await lab.train({ ...RUN, method: tinyMethod() });
    const cycle = async () => {
      const moves = [];
      for (let i = 0; i < 40; i++) moves.push(lab.prune(tinyMethod({ rate: (i % 10) / 10, scope: i % 2 ? 'layer' : 'global' }), i % 10 === 9));
      await Promise.all(moves);
      await lab.finetune({ epochs: 1, seed: 1, method: tinyMethod({ rate: 0.5 }) });
    };
    await cycle();
    const before = tf.memory().numTensors;
    await cycle();
    expect(tf.memory().numTensors).toBe(before);
    lab.dispose();
  });

  it('restores the weights exactly when the slider goes back to 0', async () => {
    const { lab } = tinyLab(10);
    await lab.train({ ...RUN, method: tinyMethod() });
    const dense = (await snapshotWeights(lab.requireModel())).values.slice();
    await lab.prune(tinyMethod({ rate: 0.9 }), true);
    await lab.prune(tinyMethod({ rate: 0 }), true);
    await lab.lock.run(async () => lab.requirePruning().applyToModel());
    expect((await snapshotWeights(lab.requireModel())).values).toEqual(dense);
    lab.dispose();
  });
});
