// Times PruneLab's wasm kernels one by one on LeNet-5's shapes (batch 64): the three products
// of each convolution and of fc1, in multiply-adds per nanosecond, on whatever runtime it is
// given (Node's single thread, or tfjs's memory with the helper threads in Chromium).
//
// Why this file exists: a whole training step mixes the kernels with tfjs's own work; tuning a
// micro-kernel needs each product timed alone, the same way under Node and in the browser.
import * as tf from '@tensorflow/tfjs';
import { runConvBackpropFilter, runConvBackpropInput, runConvForward } from '../../src/core/backend/wasm/ownConv';
import { runMatMul } from '../../src/core/backend/wasm/ownMatMul';
import type { KernelRuntime } from '../../src/core/backend/wasm/kernels/runtime';

export interface MicroLine {
  readonly name: string;
  readonly ms: number;
  readonly macPerNs: number;
}

/** n seeded floats at `offset` bytes past a cache line (tfjs's own tensors start at any multiple of 8). */
function fill(rt: KernelRuntime, n: number, seed: number, offset: number): number {
  const p = rt.malloc(4 * n + offset) + offset;
  const v = rt.f32(p, n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return p;
}

/**
 * The fastest of `reps` × `rounds` single calls, in ms (the least disturbed by other processes on a
 * shared machine); `cold` evicts the caches before each call (not timed).
 */
function best(fn: () => void, reps: number, rounds: number, cold: (() => void) | null): number {
  for (let i = 0; i < 3; i++) fn();
  let ms = Infinity;
  for (let i = 0; i < reps * rounds; i++) {
    cold?.();
    const t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

/**
 * Each product of a LeNet-5 step timed alone; `cold`: with the caches evicted before each call (as in a step,
 * where operands come and go); `offset`: operands that many bytes past a cache line.
 */
export function kernelMicroBench(rt: KernelRuntime, reps = 10, rounds = 5, cold = false, offset = 0): MicroLine[] {
  const lines: MicroLine[] = [];
  const held: number[] = [];
  const evictBytes = 16 << 20;
  const evict = cold ? rt.malloc(evictBytes) : 0;
  const evictor = cold ? () => rt.f32(evict, evictBytes / 4).fill(1) : null;
  const alloc = (n: number, seed = 1) => {
    const p = fill(rt, n, seed, offset);
    held.push(p - offset);
    return p;
  };
  const time = (name: string, macs: number, fn: () => void) => {
    const ms = best(fn, reps, rounds, evictor);
    lines.push({ name, ms, macPerNs: macs / ms / 1e6 });
  };
  try {
    for (const [label, h, cin, cout] of [['conv1', 28, 1, 20], ['conv2', 12, 20, 50]] as const) {
      const n = 64;
      const info = tf.backend_util.computeConv2DInfo([n, h, h, cin], [5, 5, cin, cout], 1, 1, 'valid', undefined, false, 'channelsLast');
      const oh = info.outHeight;
      const x = alloc(n * h * h * cin, 2);
      const w = alloc(25 * cin * cout, 3);
      const dy = alloc(n * oh * oh * cout, 4);
      const out = alloc(n * oh * oh * cout);
      const dw = alloc(25 * cin * cout);
      const dx = alloc(n * h * h * cin);
      const macs = n * oh * oh * cout * 25 * cin;
      time(`${label} forward`, macs, () => runConvForward(rt, { x, w, out }, info, false));
      time(`${label} dW`, macs, () => runConvBackpropFilter(rt, { x, w: dy, out: dw }, info));
      if (cin > 1) time(`${label} dx`, macs, () => runConvBackpropInput(rt, { x: dy, w, out: dx }, info));
    }
    const [m, k, n] = [64, 800, 500];
    const x = alloc(m * k, 5);
    const w = alloc(k * n, 6);
    const y = alloc(m * n);
    const dy = alloc(m * n, 7);
    const dx = alloc(m * k);
    const dw = alloc(k * n);
    time('fc1 forward x·W', m * k * n, () => runMatMul(rt, { a: x, b: w, c: y, bias: 0, relu: false }, m, k, n, false, false));
    time('fc1 dx dy·Wᵀ', m * k * n, () => runMatMul(rt, { a: dy, b: w, c: dx, bias: 0, relu: false }, m, n, k, false, true));
    time('fc1 dW xᵀ·dy', m * k * n, () => runMatMul(rt, { a: x, b: dy, c: dw, bias: 0, relu: false }, k, m, n, true, false));
  } finally {
    for (const p of held) rt.free(p);
    if (evict) rt.free(evict);
  }
  return lines;
}

export function microTable(lines: readonly MicroLine[]): string {
  return lines.map((l) => `${l.name.padEnd(18)} ${l.ms.toFixed(3).padStart(8)} ms ${l.macPerNs.toFixed(1).padStart(6)} MAC/ns`).join('\n');
}
