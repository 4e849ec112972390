// Test-only script (run by relaxed.test.ts in a Node started with --experimental-wasm-relaxed-simd):
// the relaxed-SIMD build, which browsers run, against the plain-SIMD build on a matrix product
// and the three convolution kernels. Prints one JSON line: the largest relative difference.
// Why this file exists: Node 20 runs relaxed SIMD only behind a flag, so Vitest's own process
// can only check the plain build.
import * as tf from '@tensorflow/tfjs';
import { runConvBackpropFilter, runConvBackpropInput, runConvForward } from '../ownConv';
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

const plain = outputs(false);
const relaxed = outputs(true);
const rel = plain.map((p, i) => {
  const scale = p.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  return p.reduce((s, v, j) => Math.max(s, Math.abs(v - relaxed[i][j])), 0) / scale;
});
console.log(JSON.stringify({ relaxedSimd: hasRelaxedSimd(), maxRelDiff: Math.max(...rel) }));
