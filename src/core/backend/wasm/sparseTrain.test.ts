// Training with held masks on the sparse kernels (sparseTrain.ts, heldSparsity.ts) against the
// dense kernels on the same masked weights: the forward output, the input gradient and the weight
// gradient at kept positions bit for bit (zero at pruned positions) for conv and dense layers on
// odd shapes, padding, image groups, empty output rows / input columns and whole-zero layers; the
// mask index structures and the rule that finds a weight gradient's layer; masked training keeps
// sparsity exactly, leaks no tensor, and ends on the same bits with the sparse kernels on or off.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceMasks } from '../../train/modelWeights';
import { useBackendForTest } from '../testWasmSetup';
import { HeldLayer, HeldSparsity, heldInput, maskCsr, noteInput, setSparseTrainingEnabled, tapGroups } from './heldSparsity';
import { expectNoLeaks, seededValues, size } from './testHelpers';

/** A mask keeping about `keep` of the weights, with output channels `zeroRows` and input rows (flattened taps) `zeroTaps` all pruned. */
function maskOf(shape: number[], keep: number, seed: number, zeroRows: number[] = [], zeroTaps: number[] = []): Uint8Array {
  const coin = seededValues(size(shape), seed);
  const cout = shape[shape.length - 1];
  return Uint8Array.from(coin, (u, i) => ((u + 1) / 2 < keep && !zeroRows.includes(i % cout) && !zeroTaps.includes(Math.floor(i / cout)) ? 1 : 0));
}

interface Grads {
  y: Float32Array;
  dx: Float32Array;
  dw: Float32Array;
}

/** y = layer(x, w⊙mask) and the gradients of Σ y·r for x and w, with the mask held (sparse kernels) or not. */
function layerGrads(kind: 'conv' | 'dense', xShape: number[], wShape: number[], mask: Uint8Array, held: boolean, pad: 'valid' | 'same' = 'valid', stride = 1): Grads {
  const w = tf.tidy(() => tf.variable(tf.mul(tf.tensor(seededValues(size(wShape), 11), wShape), tf.tensor(mask, wShape, 'float32'))));
  const hold = new HeldSparsity([wShape], [mask]);
  try {
    return tf.tidy(() => {
      if (held) hold.mark([w.dataId]);
      const x = tf.tensor(seededValues(size(xShape), 12), xShape);
      const bias = tf.tensor1d(seededValues(wShape[wShape.length - 1], 13));
      const f = (xi: tf.Tensor, wi: tf.Tensor): tf.Tensor =>
        kind === 'conv'
          ? tf.fused.conv2d({ x: xi as tf.Tensor4D, filter: wi as tf.Tensor4D, strides: stride, pad, bias, activation: 'relu' })
          : tf.fused.matMul({ a: xi as tf.Tensor2D, b: wi as tf.Tensor2D, bias, activation: 'relu' });
      const y = f(x, w);
      const r = tf.tensor(seededValues(size(y.shape), 14), y.shape);
      const [dx, dw] = tf.grads((xi: tf.Tensor, wi: tf.Tensor) => tf.sum(tf.mul(f(xi, wi), r)))([x, w]);
      return { y: y.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
    });
  } finally {
    hold.dispose();
    w.dispose();
  }
}

/** Bit for bit (a plain loop: deep equality of large arrays is slow). */
const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** Gradient of pruned positions zeroed, as the mask re-applied after the step would leave it. */
const masked = (dw: Float32Array, mask: Uint8Array): Float32Array => dw.map((v, i) => (mask[i] ? v : 0));

describe('mask index structures', () => {
  it('forward CSR by output channel and transposed CSR over the flipped filter', () => {
    const shape = [2, 2, 3, 2] as const;
    const mask = maskOf([...shape], 0.5, 3);
    const fwd = maskCsr(mask, shape, false);
    const bwd = maskCsr(mask, shape, true);
    const kept = mask.reduce((s, m) => s + m, 0);
    expect(fwd.src.length).toBe(kept);
    expect(bwd.src.length).toBe(kept);
    // Every entry points at a kept weight; each row's taps ascend.
    for (const m of [fwd, bwd]) {
      expect([...m.src].every((at) => mask[at] === 1)).toBe(true);
      for (let r = 0; r < m.csr.cout; r++) for (let i = m.csr.rows[r] + 1; i < m.csr.rows[r + 1]; i++) expect(m.csr.taps[i]).toBeGreaterThan(m.csr.taps[i - 1]);
    }
    // Transposed entry (row ci, tap (flipped spatial)·cout + co) reads W[fy, fx, ci, co].
    for (let ci = 0; ci < 3; ci++) {
      for (let i = bwd.csr.rows[ci]; i < bwd.csr.rows[ci + 1]; i++) {
        const co = bwd.csr.taps[i] % 2;
        const s = 3 - Math.floor(bwd.csr.taps[i] / 2);
        expect(bwd.src[i]).toBe((s * 3 + ci) * 2 + co);
      }
    }
  });
});

describe('which layer a weight gradient belongs to', () => {
  it('an input read by two held layers of one shape is ambiguous: its weight gradient stays dense', () => {
    const shape = [1, 1, 200, 10] as const;
    const [a, b] = [new HeldLayer(shape, maskOf([200, 10], 0.1, 1)), new HeldLayer(shape, maskOf([200, 10], 0.1, 2))];
    const [x, y] = [{}, {}];
    noteInput(x, a);
    noteInput(y, a);
    noteInput(y, a);
    expect(heldInput(y, shape)).toBe(a);
    expect(heldInput(y, [1, 1, 200, 11])).toBeNull();
    noteInput(x, b);
    expect(heldInput(x, shape)).toBeNull();
    a.dispose();
    expect(heldInput(y, shape)).toBeNull(); // a disposed layer is never used
    b.dispose();
  });

  it('tap groups split each row by spatial tap', () => {
    const shape = [2, 2, 3, 2] as const;
    const m = maskCsr(maskOf([...shape], 0.6, 9), shape, true);
    const groups = tapGroups(m.csr, 4, 2);
    for (let r = 0; r < 3; r++) {
      expect(groups[r * 5]).toBe(m.csr.rows[r]);
      expect(groups[r * 5 + 4]).toBe(m.csr.rows[r + 1]);
      for (let s = 0; s < 4; s++) for (let i = groups[r * 5 + s]; i < groups[r * 5 + s + 1]; i++) expect(Math.floor(m.csr.taps[i] / 2)).toBe(s);
    }
  });
});

describe('held-mask training kernels (wasm)', () => {
  beforeAll(async () => {
    await useBackendForTest('wasm');
  });

  // heldDw: the weight gradient runs on the held kernel (its kept tiles ≤ half the dense vectors).
  const cases = [
    { name: 'dense 800→500 at 8 %, batch 64 (LeNet fc1)', kind: 'dense' as const, x: [64, 800], w: [800, 500], keep: 0.08, heldDw: true },
    { name: 'dense odd: batch 37, 129→45 at 5 %, empty rows and columns', kind: 'dense' as const, x: [37, 129], w: [129, 45], keep: 0.05, rows: [0, 5, 44], taps: [3, 4, 128], heldDw: true },
    { name: 'dense 129→13 at 30 % (weight gradient on the dense kernel), batch 37', kind: 'dense' as const, x: [37, 129], w: [129, 13], keep: 0.3, heldDw: false },
    { name: 'dense whole-zero layer, batch 33', kind: 'dense' as const, x: [33, 120], w: [120, 7], keep: 0, heldDw: true },
    { name: 'conv 5×5 20→50 at 8 %, batch 64 (LeNet conv2)', kind: 'conv' as const, x: [64, 12, 12, 20], w: [5, 5, 20, 50], keep: 0.08, heldDw: true },
    { name: 'conv 5×5 20→50 at 30 % (weight gradient on the dense kernel), batch 33', kind: 'conv' as const, x: [33, 12, 12, 20], w: [5, 5, 20, 50], keep: 0.3, heldDw: false },
    { name: 'conv odd: batch 35, 3×3 same, 13→30 at 5 %, empty rows and taps', kind: 'conv' as const, x: [35, 9, 7, 13], w: [3, 3, 13, 30], keep: 0.05, rows: [2, 29], taps: [0, 40, 116], pad: 'same' as const, heldDw: true },
    { name: 'conv stride 2: batch 32, 3×3 same, 12→40 at 5 %', kind: 'conv' as const, x: [32, 9, 8, 12], w: [3, 3, 12, 40], keep: 0.05, pad: 'same' as const, stride: 2, heldDw: true },
  ];
  for (const c of cases) {
    it(`${c.name}: bit-identical y, dx and kept dW to the dense kernels`, () => {
      const mask = maskOf(c.w, c.keep, 5, c.rows ?? [], c.taps ?? []);
      const dense = layerGrads(c.kind, c.x, c.w, mask, false, c.pad, c.stride);
      const sparse = layerGrads(c.kind, c.x, c.w, mask, true, c.pad, c.stride);
      expect(same(sparse.y, dense.y)).toBe(true); // the forward sums in the dense kernels' order
      expect(same(sparse.dx, dense.dx)).toBe(true);
      expect(same(masked(sparse.dw, mask), masked(dense.dw, mask))).toBe(true); // each kept position summed in the dense kernel's order
      expect(sparse.dw.every((v, i) => mask[i] === 1 || Object.is(v, 0))).toBe(c.heldDw);
      if (c.keep === 0) expect(sparse.dw.every((v) => v === 0) && sparse.dx.every((v) => v === 0)).toBe(true);
    });
  }

  it('masked training keeps sparsity exactly, moves kept weights, and leaks no tensor', () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [10, 10, 8], kernelSize: 5, filters: 24, activation: 'relu', name: 'c' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 10, name: 'd' }),
      ],
    });
    const shapes = [[5, 5, 8, 24], [864, 10]];
    const masks = [maskOf(shapes[0], 0.2, 21), maskOf(shapes[1], 0.1, 22)];
    const device = DeviceMasks.create(model, ['c', 'd'], masks);
    const opt = tf.train.adam(0.01);
    const xs = tf.tensor(seededValues(48 * 800, 31), [48, 10, 10, 8]);
    const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 48 }, (_, i) => i % 10), 'int32'), 10);
    const kernels = () => [model.getLayer('c'), model.getLayer('d')].map((l) => l.getWeights()[0].dataSync() as Float32Array);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    device.apply();
    const before = kernels();
    const step = () => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor), true, vars);
      if (loss) loss.dispose();
      device.apply();
    };
    try {
      expectNoLeaks(step);
      const after = kernels();
      after.forEach((w, l) => {
        expect(w.every((v, i) => (masks[l][i] ? true : Object.is(v, 0)))).toBe(true);
        expect(w.some((v, i) => masks[l][i] === 1 && v !== before[l][i])).toBe(true);
      });
    } finally {
      tf.dispose([xs, ys]);
      device.dispose();
      opt.dispose();
      model.dispose();
    }
  });

  it('a short masked fine-tune ends on the same bits with the sparse training kernels on and off', () => {
    // c1 (depth 25) stays dense; c2 (3×3×12), f1 and f2 (depth ≥ 100) run on the held-mask kernels.
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [12, 12, 1], kernelSize: 5, filters: 12, activation: 'relu', name: 'c1' }),
        tf.layers.conv2d({ kernelSize: 3, filters: 10, activation: 'relu', padding: 'same', name: 'c2' }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 120, activation: 'relu', name: 'f1' }),
        tf.layers.dense({ units: 10, name: 'f2' }),
      ],
    });
    const names = ['c1', 'c2', 'f1', 'f2'];
    const masks = names.map((n, l) => maskOf(model.getLayer(n).getWeights()[0].shape, [0.3, 0.2, 0.1, 0.3][l], 40 + l));
    const initial = model.getWeights().map((w) => w.clone());
    const xs = tf.tensor(seededValues(40 * 144, 41), [40, 12, 12, 1]);
    const ys = tf.oneHot(tf.tensor1d(Array.from({ length: 40 }, (_, i) => (i * 7) % 10), 'int32'), 10);
    const fineTune = (sparse: boolean): Float32Array[] => {
      model.setWeights(initial);
      const device = DeviceMasks.create(model, names, masks);
      const opt = tf.train.adam(0.01);
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
      setSparseTrainingEnabled(sparse);
      try {
        device.apply();
        for (let s = 0; s < 4; s++) {
          const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, model.apply(xs) as tf.Tensor), true, vars);
          if (loss) loss.dispose();
          device.apply();
        }
        return model.getWeights().map((w) => w.dataSync() as Float32Array);
      } finally {
        setSparseTrainingEnabled(true);
        device.dispose();
        opt.dispose();
      }
    };
    try {
      const on = fineTune(true);
      const off = fineTune(false);
      expect(on.length).toBe(off.length);
      on.forEach((w, i) => expect(same(w, off[i])).toBe(true));
      expect(on.some((w, i) => !same(w, initial[i].dataSync() as Float32Array))).toBe(true);
    } finally {
      tf.dispose([xs, ys, ...initial]);
      model.dispose();
    }
  });

  it('switched off, held masks leave the dense kernels in charge (same result as unheld)', () => {
    const c = cases[2];
    const mask = maskOf(c.w, c.keep, 5);
    setSparseTrainingEnabled(false);
    try {
      expect(same(layerGrads(c.kind, c.x, c.w, mask, true).dw, layerGrads(c.kind, c.x, c.w, mask, false).dw)).toBe(true);
    } finally {
      setSparseTrainingEnabled(true);
    }
  });
});
