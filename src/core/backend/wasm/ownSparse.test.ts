// The sparse forward kernel against the dense kernels on the same weights (same zeros): dense
// layers and convolutions on odd shapes (odd batch, padding, stride 2), empty output rows and
// input columns, whole-zero layers, and the form cache's rules (built once the weights ran on more
// images than the slider's quick estimate, dense above the break-even density, never reused for
// changed weights).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { put, standaloneRuntime } from './kernels/testRuntime';
import { runConvForward } from './ownConv';
import { runMatMul } from './ownMatMul';
import { convGeometry, denseGeometry, runSparseForward } from './ownSparse';
import { ESTIMATE_EXAMPLES } from '../../lab/datasets';
import { csrOf, setSparseKernelsEnabled, SparseForm, sparseFormFor, SPARSE_BUILD_AFTER_IMAGES, SPARSE_MAX_DENSITY, type FilterShape } from './sparseForm';
import { seededValues } from './testHelpers';

const rt = standaloneRuntime({ shared: false, pages: 2048 });

/** Seeded weights with about `keep` of them nonzero; `zeroRows` output channels and `zeroCols` inputs all zero. */
function sparseWeights(shape: FilterShape, keep: number, seed: number, zeroRows: number[] = [], zeroTaps: number[] = []): Float32Array {
  const w = seededValues(shape[0] * shape[1] * shape[2] * shape[3], seed);
  const coin = seededValues(w.length, seed + 100);
  const cout = shape[3];
  for (let i = 0; i < w.length; i++) {
    const [t, co] = [Math.floor(i / cout), i % cout];
    if ((coin[i] + 1) / 2 >= keep || zeroRows.includes(co) || zeroTaps.includes(t)) w[i] = 0;
  }
  return w;
}

/** Largest |a − b| over the largest |b| (exactly 0 when both are all zero). */
function rel(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return m === 0 ? d : d / m;
}

function sparseOut(shape: FilterShape, w: Float32Array, x: number, out: number, bias: number, g: ReturnType<typeof denseGeometry>, relu: boolean, n: number): Float32Array {
  const form = new SparseForm(rt, csrOf(w, shape), shape);
  try {
    runSparseForward(rt, form, { x, out, bias }, g, relu);
    return rt.f32(out, n).slice();
  } finally {
    form.free();
  }
}

describe('sparse dense-layer kernel', () => {
  const cases = [
    { name: 'odd batch 37, 29→13, 20 % kept, empty rows and columns, bias + ReLU', m: 37, k: 29, n: 13, keep: 0.2, rows: [0, 5, 12], cols: [3, 4, 28], bias: true, relu: true },
    { name: 'LeNet fc1 at 10 %, batch 64, bias + ReLU', m: 64, k: 800, n: 500, keep: 0.1, rows: [], cols: [], bias: true, relu: true },
    { name: 'whole-zero layer, no bias', m: 18, k: 7, n: 5, keep: 0, rows: [], cols: [], bias: false, relu: false },
    { name: 'batch 33 (one 4-lane vector in the last block), linear', m: 33, k: 50, n: 10, keep: 0.4, rows: [], cols: [], bias: true, relu: false },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const shape: FilterShape = [1, 1, c.k, c.n];
      const w = sparseWeights(shape, c.keep, 7, c.rows, c.cols);
      const x = put(rt, seededValues(c.m * c.k, 3));
      const wp = put(rt, w);
      const bias = c.bias ? put(rt, seededValues(c.n, 5)) : 0;
      const dense = rt.malloc(4 * c.m * c.n);
      const out = rt.malloc(4 * c.m * c.n);
      runMatMul(rt, { a: x, b: wp, c: dense, bias, relu: c.relu }, c.m, c.k, c.n, false, false);
      const want = rt.f32(dense, c.m * c.n).slice();
      const got = sparseOut(shape, w, x, out, bias, denseGeometry(c.m, c.k, c.n), c.relu, c.m * c.n);
      expect(rel(got, want)).toBeLessThanOrEqual(1e-5);
      if (c.keep === 0) expect(got.every((v) => v === 0)).toBe(true);
      for (const p of [x, wp, dense, out, ...(bias ? [bias] : [])]) rt.free(p);
    });
  }
});

describe('sparse convolution kernel', () => {
  const cases = [
    { name: 'LeNet conv2 at 10 %, batch 20, bias + ReLU', x: [20, 12, 12, 20], f: [5, 5, 20, 50], stride: 1, pad: 'valid' as const, keep: 0.1, relu: true },
    { name: 'LeNet conv1 at 30 %, batch 17', x: [17, 28, 28, 1], f: [5, 5, 1, 20], stride: 1, pad: 'valid' as const, keep: 0.3, relu: true },
    { name: 'odd: same padding, stride 2, 3→7 channels, empty channel', x: [19, 11, 9, 3], f: [3, 3, 3, 7], stride: 2, pad: 'same' as const, keep: 0.3, relu: false },
    { name: 'whole-zero conv', x: [16, 6, 6, 2], f: [3, 3, 2, 4], stride: 1, pad: 'valid' as const, keep: 0, relu: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const shape: FilterShape = [c.f[0], c.f[1], c.f[2], c.f[3]];
      const info = tf.backend_util.computeConv2DInfo(c.x as [number, number, number, number], shape as [number, number, number, number], c.stride, 1, c.pad, undefined, false, 'channelsLast');
      const w = sparseWeights(shape, c.keep, 11, [2]);
      const x = put(rt, seededValues(c.x.reduce((a, b) => a * b, 1), 13));
      const wp = put(rt, w);
      const bias = put(rt, seededValues(c.f[3], 17));
      const size = info.outShape.reduce((a, b) => a * b, 1);
      const dense = rt.malloc(4 * size);
      const out = rt.malloc(4 * size);
      runConvForward(rt, { x, w: wp, out: dense, bias }, info, c.relu);
      const want = rt.f32(dense, size).slice();
      const got = sparseOut(shape, w, x, out, bias, convGeometry(info), c.relu, size);
      expect(rel(got, want)).toBeLessThanOrEqual(1e-5);
      for (const p of [x, wp, bias, dense, out]) rt.free(p);
    });
  }
});

describe('sparse form cache', () => {
  const shape: FilterShape = [1, 1, 120, 10];
  /** Uses the weights on batches of 32 until just before their form may be built. */
  const warm = (id: object, w: Float32Array) => {
    for (let seen = 0; seen < SPARSE_BUILD_AFTER_IMAGES; seen += 32) expect(sparseFormFor(rt, id, shape, 32, () => w)).toBeNull();
  };
  it('keeps layers that sum few products per output dense, whatever their density', () => {
    const id = {};
    const w = new Float32Array(5 * 5 * 1 * 20);
    sparseFormFor(rt, id, [5, 5, 1, 20], SPARSE_BUILD_AFTER_IMAGES, () => w);
    expect(sparseFormFor(rt, id, [5, 5, 1, 20], 64, () => w)).toBeNull();
  });
  it('builds a form once the weights ran on enough images, and only at or below the break-even density', () => {
    const id = {};
    const sparse = sparseWeights(shape, 0.1, 3);
    warm(id, sparse);
    expect(sparseFormFor(rt, id, shape, 16, () => sparse)).toBeNull(); // a small batch stays dense
    const form = sparseFormFor(rt, id, shape, 32, () => sparse);
    expect(form?.csr.vals.length).toBe(sparse.filter((v) => v !== 0).length);
    expect(sparseFormFor(rt, id, shape, 32, () => new Float32Array(1200))).toBe(form);
    const denseId = {};
    const dense = sparseWeights(shape, Math.min(1, SPARSE_MAX_DENSITY + 0.3), 3);
    warm(denseId, dense);
    expect(sparseFormFor(rt, denseId, shape, 32, () => dense)).toBeNull();
    form?.free();
    const again = sparseFormFor(rt, id, shape, 32, () => sparse);
    expect(again).not.toBe(form);
    expect(again?.live).toBe(true);
    again?.free();
  });
  it('never builds a form during the slider\'s quick estimate', () => {
    expect(ESTIMATE_EXAMPLES).toBeLessThan(SPARSE_BUILD_AFTER_IMAGES);
    const id = {};
    const w = sparseWeights(shape, 0.1, 4);
    // The estimate's batches of 50, as predict runs them (32 + 18).
    for (let i = 0; i < ESTIMATE_EXAMPLES; i += 50) for (const b of [32, 18]) expect(sparseFormFor(rt, id, shape, b, () => w)).toBeNull();
    // The full test set after it (same weights): its first batch brings them past the threshold, its second builds the form.
    expect(sparseFormFor(rt, id, shape, 32, () => w)).toBeNull();
    const form = sparseFormFor(rt, id, shape, 32, () => w);
    expect(form).not.toBeNull();
    form?.free();
  });
  it('is off when the sparse kernels are disabled', () => {
    const id = {};
    const w = new Float32Array(1200);
    setSparseKernelsEnabled(false);
    try {
      for (let i = 0; i < 4; i++) expect(sparseFormFor(rt, id, shape, SPARSE_BUILD_AFTER_IMAGES, () => w)).toBeNull();
    } finally {
      setSparseKernelsEnabled(true);
    }
  });
});
