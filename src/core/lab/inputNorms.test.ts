// Input statistics for activation-aware criteria: ‖x_j‖₂ per input feature of a dense
// layer and per input channel of a conv layer, over the calibration batches, hand-computed.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchSource, TensorBatch } from '../train/batchSource';
import { inputNorms } from './inputNorms';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Two 2×2 images with 2 channels (NHWC), values 1…16 in order. */
const PIXELS = Array.from({ length: 16 }, (_, i) => i + 1);
const source: BatchSource = {
  count: 2,
  numClasses: 2,
  *batches(batchSize: number, order?: Uint32Array): Generator<TensorBatch> {
    const idx = order ? Array.from(order) : [0, 1];
    for (let s = 0, index = 0; s < idx.length; s += batchSize, index++) {
      const part = idx.slice(s, s + batchSize);
      const x = part.flatMap((i) => PIXELS.slice(i * 8, i * 8 + 8));
      yield { inputs: tf.tensor4d(x, [part.length, 2, 2, 2]), labels: tf.tensor1d(part.map(() => 0), 'int32'), size: part.length, index };
    }
  },
};

function convNet(): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ name: 'conv', inputShape: [2, 2, 2], filters: 1, kernelSize: 1, useBias: false, kernelInitializer: 'ones' }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'fc', units: 1, useBias: false }),
    ],
  });
  return model;
}

describe('input norms', () => {
  it('gives conv one norm per input channel (all examples and positions) and dense one per input, leaking nothing', async () => {
    const model = convNet();
    const before = tf.memory().numTensors;
    const stats = await inputNorms(model, ['conv', 'fc'], source, { batches: 8, batchSize: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(stats).toMatchObject({ batches: 2, examples: 2 });
    // channel 0 holds the odd values, channel 1 the even ones
    const odd = PIXELS.filter((v) => v % 2 === 1);
    const even = PIXELS.filter((v) => v % 2 === 0);
    const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    expect(stats.norms[0][0]).toBeCloseTo(norm(odd), 4);
    expect(stats.norms[0][1]).toBeCloseTo(norm(even), 4);
    // the conv (1×1, ones) sums the two channels: fc's input j of example e is x[e,j,0] + x[e,j,1]
    expect(stats.norms[1]).toHaveLength(4);
    for (let j = 0; j < 4; j++) {
      const sums = [0, 1].map((e) => PIXELS[e * 8 + 2 * j] + PIXELS[e * 8 + 2 * j + 1]);
      expect(stats.norms[1][j]).toBeCloseTo(norm(sums), 4);
    }
    model.dispose();
  });

  it('stops after the requested batches, and on abort', async () => {
    const model = convNet();
    expect(await inputNorms(model, ['fc'], source, { batches: 1, batchSize: 1 })).toMatchObject({ batches: 1, examples: 1 });
    const abort = new AbortController();
    abort.abort();
    await expect(inputNorms(model, ['fc'], source, { signal: abort.signal })).rejects.toThrow(/stopped/);
    model.dispose();
  });
});
