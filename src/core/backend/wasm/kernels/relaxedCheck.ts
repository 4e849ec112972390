// Test-only script (run by relaxed.test.ts in a Node started with --experimental-wasm-relaxed-simd):
// the relaxed-SIMD build, which browsers run, against the plain-SIMD build on a matrix product
// and the three convolution kernels, and within the relaxed build the sparse one-channel conv
// against the dense one. Prints one JSON line: the largest relative difference, and the count of
// sparse outputs that differ.
// Why this file exists: Node 20 runs relaxed SIMD only behind a flag, so Vitest's own process
// can only check the plain build.
import * as tf from '@tensorflow/tfjs';
import { runConvBackpropFilter, runConvBackpropInput, runConvForward } from '../ownConv';
import { convGeometry, runSparseOneChannel } from '../ownSparse';
import { csrOf, SparseForm } from '../sparseForm';
import { seededValues } from '../testHelpers';
import { MODE } from './abi';
import { hasRelaxedSimd } from './runtime';
import { put, standaloneRuntime } from './testRuntime';

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
console.log(JSON.stringify({ relaxedSimd: hasRelaxedSimd(), maxRelDiff: Math.max(...rel), sparseOneChannelDiffers: sparseOneChannelDiffers() }));
