import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceMasks, snapshotWeights, writeWeights } from './modelWeights';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function tiny(): tf.Sequential {
  return tf.sequential({ layers: [tf.layers.dense({ name: 'd', inputShape: [2], units: 2 })] });
}

describe('apply', () => {
  it('DeviceMasks zeroes pruned weights as +0 (never −0) and keeps the others', async () => {
    const model = tiny();
    const snap = await snapshotWeights(model);
    writeWeights(model, snap, new Map([['d/kernel', Float32Array.from([-0.5, 0.25, -0.75, 1])]]));
    const masks = DeviceMasks.create(model, ['d'], [Uint8Array.from([0, 1, 0, 1])]);
    masks.apply();
    const after = (await snapshotWeights(model)).values[0];
    expect(Object.is(after[0], 0)).toBe(true);
    expect(Object.is(after[2], 0)).toBe(true);
    expect(after[1]).toBe(0.25);
    expect(after[3]).toBe(1);
    const before = tf.memory().numTensors;
    masks.apply();
    masks.dispose();
    expect(tf.memory().numTensors).toBe(before - 2); // its mask and zeros tensors are gone
    model.dispose();
  });

  it('DeviceMasks also holds other weights by name (the biases of removed channels)', async () => {
    const model = tiny();
    const snap = await snapshotWeights(model);
    writeWeights(model, { ...snap, values: [Float32Array.from([1, 2, 3, 4]), Float32Array.from([5, 6])] });
    const masks = DeviceMasks.create(model, ['d'], [Uint8Array.from([1, 0, 1, 0])], new Map([['d/bias', Uint8Array.from([1, 0])]]));
    masks.apply();
    const after = await snapshotWeights(model);
    expect(Array.from(after.values[0])).toEqual([1, 0, 3, 0]);
    expect(Array.from(after.values[1])).toEqual([5, 0]);
    masks.dispose();
    expect(() => DeviceMasks.create(model, ['d'], [new Uint8Array(4)], new Map([['x/bias', new Uint8Array(1)]]))).toThrow(/no weight x\/bias/);
    model.dispose();
  });

  it('snapshots and writes back every weight in order', async () => {
    const model = tiny();
    const snap = await snapshotWeights(model);
    expect(snap.names).toEqual(['d/kernel', 'd/bias']);
    expect(snap.shapes).toEqual([[2, 2], [2]]);
    writeWeights(model, { ...snap, values: [Float32Array.from([1, 2, 3, 4]), Float32Array.from([5, 6])] });
    expect(Array.from((await snapshotWeights(model)).values[1])).toEqual([5, 6]);
    expect(() => writeWeights(model, { ...snap, names: ['x', 'y'] })).toThrow(/weight order changed/);
    model.dispose();
  });
});
