// The direct sparse one-channel convolution (sp1_fwd) against the dense one-channel kernel
// (conv1_fwd) on the same weights (same zeros): outputs bit for bit equal on LeNet-5's conv1, same
// padding with a 4-pixel tail block, no bias, every weight kept, an empty channel and a whole-zero
// layer; and the rule that sends a one-channel conv to it.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { put, standaloneRuntime } from './kernels/testRuntime';
import { runConvForward } from './ownConv';
import { convGeometry, runSparseOneChannel } from './ownSparse';
import { csrOf, runsSparse, SPARSE_MAX_DENSITY_ONE_CHANNEL, SparseForm, takesOneChannelKernel, type FilterShape } from './sparseForm';
import { seededValues } from './testHelpers';

const rt = standaloneRuntime({ shared: false, pages: 2048 });

/** Seeded HWIO weights, about `keep` of them nonzero, output channels `zeroRows` all zero. */
function weights(shape: FilterShape, keep: number, seed: number, zeroRows: number[] = []): Float32Array {
  const w = seededValues(shape[0] * shape[1] * shape[2] * shape[3], seed);
  const coin = seededValues(w.length, seed + 100);
  for (let i = 0; i < w.length; i++) if ((coin[i] + 1) / 2 >= keep || zeroRows.includes(i % shape[3])) w[i] = 0;
  return w;
}

/** x [n, h, w, 1] with `pt`/`pl` zero rows/columns before and the rest after, to ihp × iwp. */
function padded(x: Float32Array, n: number, h: number, wd: number, pt: number, pl: number, ihp: number, iwp: number): Float32Array {
  const out = new Float32Array(n * ihp * iwp);
  for (let b = 0; b < n; b++) for (let y = 0; y < h; y++) for (let c = 0; c < wd; c++) out[(b * ihp + y + pt) * iwp + c + pl] = x[(b * h + y) * wd + c];
  return out;
}

describe('sparse one-channel convolution kernel', () => {
  const cases = [
    { name: 'LeNet conv1 at 10 %, batch 17, bias + ReLU, an empty channel', x: [17, 28, 28, 1], f: [5, 5, 1, 20], pad: 'valid' as const, keep: 0.1, bias: true, relu: true, zero: [2] },
    { name: 'same padding, 3×3, 12 wide (a 4-pixel tail block), 30 %, linear', x: [5, 12, 12, 1], f: [3, 3, 1, 8], pad: 'same' as const, keep: 0.3, bias: true, relu: false, zero: [] },
    { name: 'no bias, 7×7 on 14×14, 40 %', x: [2, 14, 14, 1], f: [7, 7, 1, 12], pad: 'valid' as const, keep: 0.4, bias: false, relu: false, zero: [] },
    { name: 'every weight kept, batch 3', x: [3, 28, 28, 1], f: [5, 5, 1, 20], pad: 'valid' as const, keep: 1, bias: true, relu: true, zero: [] },
    { name: 'whole-zero layer, batch 1', x: [1, 12, 12, 1], f: [5, 5, 1, 4], pad: 'valid' as const, keep: 0, bias: true, relu: true, zero: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const shape: FilterShape = [c.f[0], c.f[1], c.f[2], c.f[3]];
      const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], shape as [number, number, number, number], 1, 1, c.pad, undefined, false, 'channelsLast');
      expect(takesOneChannelKernel(info.inChannels, info.strideHeight, info.strideWidth, info.outWidth, info.outChannels)).toBe(true);
      const w = weights(shape, c.keep, 21, c.zero);
      const xv = seededValues(c.x.reduce((a, b) => a * b, 1), 23);
      const [n, h, wd] = c.x;
      const ihp = info.outHeight + c.f[0] - 1;
      const iwp = info.outWidth + c.f[1] - 1;
      const x = put(rt, xv);
      const xp = put(rt, padded(xv, n, h, wd, info.padInfo.top, info.padInfo.left, ihp, iwp));
      const wp = put(rt, w);
      const bias = c.bias ? put(rt, seededValues(c.f[3], 29)) : 0;
      const size = info.outShape.reduce((a, b) => a * b, 1);
      const dense = rt.malloc(4 * size);
      const out = rt.malloc(4 * size);
      const form = new SparseForm(rt, csrOf(w, shape), shape);
      try {
        runConvForward(rt, { x, w: wp, out: dense, bias }, info, c.relu);
        runSparseOneChannel(rt, form, { ptr: xp, ihp, iwp }, { x: xp, out, bias }, convGeometry(info), c.relu);
        const want = Array.from(rt.f32(dense, size));
        const got = Array.from(rt.f32(out, size));
        expect(got).toEqual(want);
        if (c.zero.length) expect(got.filter((_, i) => i % c.f[3] === c.zero[0]).every((v) => v === Math.max(0, rt.f32(bias + 4 * c.zero[0], 1)[0]))).toBe(true);
      } finally {
        form.free();
        for (const p of [x, xp, wp, dense, out, ...(bias ? [bias] : [])]) rt.free(p);
      }
    });
  }

  it('is chosen for one-channel convs up to its own break-even density, with no minimum depth', () => {
    expect(runsSparse(SPARSE_MAX_DENSITY_ONE_CHANNEL, 25, 'oneChannel')).toBe(true);
    expect(runsSparse(SPARSE_MAX_DENSITY_ONE_CHANNEL + 0.01, 25, 'oneChannel')).toBe(false);
    expect(runsSparse(0.1, 25)).toBe(false); // the batch-lanes kernel: too few products per output
    expect(takesOneChannelKernel(1, 2, 2, 12, 8)).toBe(false);
    expect(takesOneChannelKernel(3, 1, 1, 24, 20)).toBe(false);
  });
});
