import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StepReadback } from './stepReadback';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Read-backs that resolve only when the test says so, like a GPU that is behind. */
function slowDevice() {
  const waiting: (() => void)[] = [];
  const real = tf.Tensor.prototype.data;
  vi.spyOn(tf.Tensor.prototype, 'data').mockImplementation(function (this: tf.Tensor) {
    const values = real.call(this);
    return new Promise((resolve) => waiting.push(() => resolve(values)));
  });
  return { waiting, release: () => waiting.shift()?.() };
}

const ctx = (step: number) => ({ epoch: 1, batch: step, step, examples: 8, issuedAt: step });
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('StepReadback', () => {
  it('does not wait for the device until two read-backs are outstanding, and reports in step order', async () => {
    const device = slowDevice();
    const seen: number[][] = [];
    const rb = new StepReadback((c, losses) => seen.push([c.step, ...losses]));
    rb.push(tf.scalar(0.5), tf.scalar(1));
    await rb.report(ctx(1)); // one in flight: returns at once
    rb.push(tf.scalar(0.5), tf.scalar(2));
    rb.push(tf.scalar(0.5), tf.scalar(3));
    let third = false;
    const second = rb.report(ctx(3)).then(() => (third = true)); // two in flight: waits for the first
    await settle();
    expect(third).toBe(false);
    expect(seen).toEqual([]);
    device.release();
    await second;
    expect(seen).toEqual([[1, 1]]);
    device.release();
    await rb.flush();
    expect(seen).toEqual([
      [1, 1],
      [3, 2, 3],
    ]);
  });

  it('keeps a failed read-back (a lost device) and throws it at the next check', async () => {
    vi.spyOn(tf.Tensor.prototype, 'data').mockRejectedValue(new Error('device lost'));
    const rb = new StepReadback(() => undefined);
    rb.push(tf.scalar(1), tf.scalar(1));
    await rb.report(ctx(1));
    await settle();
    expect(() => rb.check()).toThrow('device lost');
    await expect(rb.flush()).rejects.toThrow('device lost');
    rb.push(tf.scalar(1), tf.scalar(1));
    const before = tf.memory().numTensors;
    rb.discard();
    expect(tf.memory().numTensors).toBe(before - 2);
  });
});
