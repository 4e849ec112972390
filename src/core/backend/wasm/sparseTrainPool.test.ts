// The sparse training drivers (input gradient sp_dx and sp_dxc, weight gradient sp_dw, the forward on held
// values) on one thread and split into tasks for a caller plus a helper thread sharing the
// memory: bit-identical results, and the same as a plain JavaScript reference on an odd conv (padding, batch not a
// multiple of 4, empty rows and taps) within float reassociation; the weight gradient and the
// col2im-ordered input gradient (sp_dxc) bit-identical to the dense kernels, the weight gradient
// also where the dense kernel splits the images into groups.
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeldLayer } from './heldSparsity';
import type { TaskPool } from './kernels/pool';
import type { KernelRuntime } from './kernels/runtime';
import { put, standaloneRuntime, warmPool } from './kernels/testRuntime';
import { runConvBackpropFilter, runConvBackpropInput } from './ownConv';
import { convGeometry, runSparseForward } from './ownSparse';
import type { FilterShape } from './sparseForm';
import { runHeldBackpropInput, runHeldConvBackpropInput, runHeldWeightGrad } from './sparseTrain';
import { relErr, seededValues } from './testHelpers';

const rt: KernelRuntime = standaloneRuntime({ shared: true, pages: 1024 });
let pool: TaskPool;

// batch 67, 10×9×12 → 3×3 'same' → 10×9×16.
const X = [67, 10, 9, 12];
const F: FilterShape = [3, 3, 12, 16];
const info = tf.backend_util.computeConv2DInfo([67, 10, 9, 12], [3, 3, 12, 16], 1, 1, 'same', undefined, false, 'channelsLast');
const g = convGeometry(info);
const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const mask = Uint8Array.from(seededValues(size(F), 4), (u, i) => ((u + 1) / 2 < 0.35 && i % 16 !== 2 && Math.floor(i / 16) % 12 !== 1 ? 1 : 0));
const w = seededValues(size(F), 5).map((v, i) => (mask[i] ? v : 0));
const x = seededValues(size(X), 6);
const dy = seededValues(67 * 10 * 9 * 16, 7);

/** Bit-identical (NaN-free arrays; a plain loop: deep equality of large arrays is slow). */
const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Plain loops: y, dx and dW (kept positions) of the 'same' conv. */
function reference(): { y: Float32Array; dx: Float32Array; dw: Float32Array } {
  const [n, h, wd, ci] = X;
  const co = F[3];
  const y = new Float32Array(n * h * wd * co);
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(w.length);
  for (let b = 0; b < n; b++) for (let oy = 0; oy < h; oy++) for (let ox = 0; ox < wd; ox++) for (let fy = 0; fy < 3; fy++) for (let fx = 0; fx < 3; fx++) {
    const iy = oy + fy - 1;
    const ix = ox + fx - 1;
    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
    for (let c = 0; c < ci; c++) for (let o = 0; o < co; o++) {
      const wi = ((fy * 3 + fx) * ci + c) * co + o;
      const xi = ((b * h + iy) * wd + ix) * ci + c;
      const yi = ((b * h + oy) * wd + ox) * co + o;
      y[yi] += w[wi] * x[xi];
      dx[xi] += w[wi] * dy[yi];
      if (mask[wi]) dw[wi] += x[xi] * dy[yi];
    }
  }
  return { y, dx, dw };
}

describe('sparse training drivers, one thread and split for two', () => {
  beforeAll(async () => {
    pool = await warmPool(rt, (source) => new Worker(source, { eval: true }));
  });

  afterAll(() => {
    rt.useRunner(null);
    pool.dispose();
  });

  it('forward, input gradient and kept weight gradient match the reference, bit-identical when split for two threads', () => {
    const layer = new HeldLayer(F, mask);
    const [xp, wp, dyp] = [put(rt, x), put(rt, w), put(rt, dy)];
    const [yp, dxp, dwp, dxc] = [rt.malloc(4 * dy.length), rt.malloc(4 * x.length), rt.malloc(4 * w.length), rt.malloc(4 * x.length)];
    const ids = [{}, {}];
    const run = (threads: boolean) => {
      rt.useRunner(threads ? pool : null);
      const forms = layer.formsIn(rt);
      runSparseForward(rt, forms.values('fwd', ids[0], wp), { x: xp, out: yp, bias: 0 }, g, false);
      runHeldBackpropInput(rt, forms, forms.values('bwd', ids[0], wp), dyp, dxp, g);
      runHeldWeightGrad(rt, forms, xp, dyp, dwp, F, g);
      runHeldConvBackpropInput(rt, forms, wp, dyp, dxc, g);
      return [rt.f32(yp, dy.length).slice(), rt.f32(dxp, x.length).slice(), rt.f32(dwp, w.length).slice(), rt.f32(dxc, x.length).slice()];
    };
    try {
      const single = run(false);
      // With the pool attached the jobs are split for two threads (more, smaller tasks); whether the
      // helper wakes in time for such short jobs depends on the machine, so only the results are checked.
      const pooled = run(true);
      pooled.forEach((p, j) => expect(same(p, single[j])).toBe(true));
      const ref = reference();
      expect(relErr(single[0], ref.y)).toBeLessThanOrEqual(1e-5);
      expect(relErr(single[1], ref.dx)).toBeLessThanOrEqual(1e-5);
      expect(relErr(single[2], ref.dw)).toBeLessThanOrEqual(1e-5);
      expect(single[2].every((v, i) => mask[i] === 1 || Object.is(v, 0))).toBe(true);
      runConvBackpropFilter(rt, { x: xp, w: dyp, out: dwp }, info);
      expect(same(single[2], rt.f32(dwp, w.length).map((v, i) => (mask[i] ? v : 0)))).toBe(true);
      runConvBackpropInput(rt, { x: dyp, w: wp, out: dxp }, info); // sp_dxc: conv_dx's bits
      expect(same(single[3], rt.f32(dxp, x.length))).toBe(true);
    } finally {
      layer.dispose();
      for (const p of [xp, wp, dyp, yp, dxp, dwp, dxc]) rt.free(p);
    }
  });

  it('weight gradient bit-identical to the dense kernel where it sums the images in groups (few row tiles, a short last group)', () => {
    const fs: FilterShape = [5, 5, 1, 6];
    const ci = tf.backend_util.computeConv2DInfo([36, 12, 12, 1], [...fs], 1, 1, 'valid', undefined, false, 'channelsLast');
    const m = Uint8Array.from(seededValues(size(fs), 8), (u) => ((u + 1) / 2 < 0.4 ? 1 : 0));
    const layer = new HeldLayer(fs, m);
    const [xp, dyp] = [put(rt, seededValues(36 * 144, 9)), put(rt, seededValues(36 * 64 * 6, 10))];
    const [sp, dp] = [rt.malloc(4 * m.length), rt.malloc(4 * m.length)];
    try {
      runHeldWeightGrad(rt, layer.formsIn(rt), xp, dyp, sp, fs, convGeometry(ci));
      runConvBackpropFilter(rt, { x: xp, w: dyp, out: dp }, ci);
      const dense = rt.f32(dp, m.length).map((v, i) => (m[i] ? v : 0));
      expect(dense.some((v) => v !== 0)).toBe(true);
      expect(same(rt.f32(sp, m.length).slice(), dense)).toBe(true);
    } finally {
      layer.dispose();
      for (const p of [xp, dyp, sp, dp]) rt.free(p);
    }
  });
});
