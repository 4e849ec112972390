// Test-only script (run by relaxed.test.ts in a Node started with --experimental-wasm-relaxed-simd):
// the relaxed-SIMD build, which browsers run, against the plain-SIMD build on a matrix product
// and the three convolution kernels; within the relaxed build the sparse one-channel conv against
// the dense one; and in each build the held-mask weight gradient (sp_dw) at the kept positions
// against the dense one (conv and Aᵀ·B) and the conv's held input gradient (sp_dxc). Prints one
// JSON line: the largest relative difference, the sparse one-channel outputs that differ, and the
// held-gradient values whose bits differ.
// Why this file exists: Node 20 runs relaxed SIMD only behind a flag, so Vitest's own process
// can only check the plain build.
import * as tf from '@tensorflow/tfjs';
import { HeldLayer } from '../heldSparsity';
import { runConvBackpropFilter, runConvBackpropInput, runConvForward } from '../ownConv';
import { runMatMul } from '../ownMatMul';
import { convGeometry, denseGeometry, runSparseOneChannel } from '../ownSparse';
import { csrOf, SparseForm, type FilterShape } from '../sparseForm';
import { runHeldConvBackpropInput, runHeldWeightGrad } from '../sparseTrain';
import { seededValues } from '../testHelpers';
import { MODE } from './abi';
import { hasRelaxedSimd } from './runtime';
import { put, standaloneRuntime } from './testRuntime';

/** Values where the held-mask dW (kept positions; conv, then Aᵀ·B) or the conv's dx differ in their bits from the dense kernels'. */
function heldDwMismatches(relaxed: boolean): number {
  const rt = standaloneRuntime({ shared: false, relaxed });
  const info = tf.backend_util.computeConv2DInfo([9, 10, 11, 12], [3, 3, 12, 14], 1, 1, 'same', undefined, false, 'channelsLast');
  const cases: { shape: FilterShape; x: number; dy: number; dense: (out: number) => void; g: ReturnType<typeof convGeometry>; product: boolean }[] = [];
  const [x, dy] = [put(rt, seededValues(9 * 10 * 11 * 12, 6)), put(rt, seededValues(9 * 10 * 11 * 14, 7))];
  cases.push({ shape: [3, 3, 12, 14], x, dy, dense: (out) => runConvBackpropFilter(rt, { x, w: dy, out }, info), g: convGeometry(info), product: false });
  const [n, k, m] = [37, 130, 21];
  const [a, b] = [put(rt, seededValues(n * k, 8)), put(rt, seededValues(n * m, 9))];
  cases.push({ shape: [1, 1, k, m], x: a, dy: b, dense: (out) => runMatMul(rt, { a, b, c: out, bias: 0, relu: false }, k, n, m, true, false), g: denseGeometry(n, k, m), product: true });
  let bad = 0;
  for (const c of cases) {
    const size = c.shape.reduce((p, d) => p * d, 1);
    const mask = Uint8Array.from(seededValues(size, 10), (u) => ((u + 1) / 2 < 0.3 ? 1 : 0));
    const layer = new HeldLayer(c.shape, mask);
    const [sp, dp] = [rt.malloc(4 * size), rt.malloc(4 * size)];
    runHeldWeightGrad(rt, layer.formsIn(rt), c.x, c.dy, sp, c.shape, c.g, c.product);
    c.dense(dp);
    const [s1, d1] = [rt.f32(sp, size), rt.f32(dp, size)];
    for (let i = 0; i < size; i++) if (!Object.is(s1[i], mask[i] ? d1[i] : 0)) bad++;
    if (!c.product) {
      // The input gradient of the conv on the masked weights (sp_dxc) against conv_dx.
      const wm = put(rt, seededValues(size, 11).map((v, i) => (mask[i] ? v : 0)));
      const [sx, dx] = [rt.malloc(4 * 9 * 10 * 11 * 12), rt.malloc(4 * 9 * 10 * 11 * 12)];
      runHeldConvBackpropInput(rt, layer.formsIn(rt), wm, c.dy, sx, c.g);
      runConvBackpropInput(rt, { x: c.dy, w: wm, out: dx }, info);
      const [s2, d2] = [rt.f32(sx, 9 * 10 * 11 * 12), rt.f32(dx, 9 * 10 * 11 * 12)];
      for (let i = 0; i < s2.length; i++) if (!Object.is(s2[i], d2[i])) bad++;
    }
    layer.dispose();
  }
  return bad;
}

function outputs(relaxed: boolean): Float32Array[] {
  const rt = standaloneRuntime({ shared: false, relaxed });
  const info = tf.backend_util.computeConv2DInfo([4, 12, 11, 6], [5, 3, 6, 13], 1, 1, 'same', undefined, false, 'channelsLast');
  const x = put(rt, seededValues(4 * 12 * 11 * 6, 1));
  const w = put(rt, seededValues(5 * 3 * 6 * 13, 2));
  const dy = put(rt, seededValues(4 * 12 * 11 * 13, 3));
  const y = rt.malloc(4 * 4 * 12 * 11 * 13);
  const dw = rt.malloc(4 * 5 * 3 * 6 * 13);
  const dx = rt.malloc(4 * 4 * 12 * 11 * 6);
  runConvForward(rt, { x, w, out: y }, info, false);
  runConvBackpropFilter(rt, { x, w: dy, out: dw }, info);
  runConvBackpropInput(rt, { x: dy, w, out: dx }, info);
  const [m, k, n] = [37, 61, 29];
  const a = put(rt, seededValues(m * k, 4));
  const b = put(rt, seededValues(k * n, 5));
  const c = rt.malloc(4 * m * n);
  rt.run('matmul', { a, b, c, bias: 0, m, n, k, aRow: 4 * k, aK: 4, bK: 4 * n, mode: MODE.store, mBlock: m, nBlock: 32, nBlocks: 1 }, 1);
  return [rt.f32(y, 4 * 12 * 11 * 13), rt.f32(dw, 5 * 3 * 6 * 13), rt.f32(dx, 4 * 12 * 11 * 6), rt.f32(c, m * n)].map((v) => v.slice());
}

/** Relaxed build: outputs of sp1_fwd that differ from conv1_fwd's on LeNet-5's conv1 with a third of its weights kept. */
function sparseOneChannelDiffers(): number {
  const rt = standaloneRuntime({ shared: false, relaxed: true, pages: 1024 });
  const info = tf.backend_util.computeConv2DInfo([9, 28, 28, 1], [5, 5, 1, 20], 1, 1, 'valid', undefined, false, 'channelsLast');
  const wv = seededValues(500, 6).map((v, i) => (i % 3 ? 0 : v));
  const [x, w, bias] = [put(rt, seededValues(9 * 784, 7)), put(rt, wv), put(rt, seededValues(20, 8))];
  const size = 9 * 24 * 24 * 20;
  const [dense, sparse] = [rt.malloc(4 * size), rt.malloc(4 * size)];
  runConvForward(rt, { x, w, out: dense, bias }, info, true);
  const form = new SparseForm(rt, csrOf(wv, [5, 5, 1, 20]), [5, 5, 1, 20]);
  runSparseOneChannel(rt, form, { ptr: x, ihp: 28, iwp: 28 }, { x, out: sparse, bias }, convGeometry(info), true);
  const [a, b] = [rt.f32(dense, size), rt.f32(sparse, size)];
  let differ = 0;
  for (let i = 0; i < size; i++) if (a[i] !== b[i]) differ++;
  return differ;
}

const plain = outputs(false);
const relaxed = outputs(true);
const rel = plain.map((p, i) => {
  const scale = p.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  return p.reduce((s, v, j) => Math.max(s, Math.abs(v - relaxed[i][j])), 0) / scale;
});
console.log(JSON.stringify({ relaxedSimd: hasRelaxedSimd(), maxRelDiff: Math.max(...rel), sparseOneChannelDiffers: sparseOneChannelDiffers(), heldDwMismatches: heldDwMismatches(false) + heldDwMismatches(true) }));
