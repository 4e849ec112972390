// Times the sparse forward kernels against the dense ones on LeNet-5's conv1 (5×5, 1→20 on 28×28:
// the direct one-channel kernel), fc1 (800×500) and conv2 (5×5, 20→50 on 12×12) at a range of densities, both on the same runtime and in the same run,
// so the ratios (and the break-even density the sparse path uses) come from one measurement.
//   npx tsx scripts/bench/sparseMicro.ts [batch]      (Node, one thread, plain SIMD)
//
// Why this file exists: the whole-model figures mix every layer with tfjs's own work; the
// kernel choice per layer needs each layer's dense and sparse time alone.
import * as tf from '@tensorflow/tfjs';
import { runConvForward } from '../../src/core/backend/wasm/ownConv';
import { runMatMul } from '../../src/core/backend/wasm/ownMatMul';
import { convGeometry, denseGeometry, runSparseForward, runSparseOneChannel, type SparseGeometry } from '../../src/core/backend/wasm/ownSparse';
import { csrOf, SparseForm, type FilterShape } from '../../src/core/backend/wasm/sparseForm';
import type { KernelRuntime } from '../../src/core/backend/wasm/kernels/runtime';

export interface SparseMicroLine {
  readonly layer: string;
  readonly density: number;
  readonly denseMs: number;
  readonly sparseMs: number;
  /** Equal outputs (max |diff| / max |dense|). */
  readonly relDiff: number;
}

function seeded(n: number, seed: number): Float32Array {
  const v = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    v[i] = s / 2 ** 32 - 0.5;
  }
  return v;
}

/** Magnitude-prunes `w` to `density` (keeps the largest |w|). */
function prune(w: Float32Array, density: number): Float32Array {
  const sorted = Float32Array.from(w, Math.abs).sort();
  const cut = sorted[Math.min(sorted.length - 1, Math.floor((1 - density) * sorted.length))];
  return w.map((v) => (Math.abs(v) >= cut && density > 0 ? v : 0));
}

function best(fn: () => void, reps: number): number {
  for (let i = 0; i < 3; i++) fn();
  let ms = Infinity;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return ms;
}

function put(rt: KernelRuntime, v: Float32Array): number {
  const p = rt.malloc(4 * v.length);
  rt.f32(p, v.length).set(v);
  return p;
}

interface Layer {
  readonly name: string;
  readonly shape: FilterShape;
  readonly xSize: number;
  readonly outSize: number;
  readonly geometry: SparseGeometry;
  readonly dense: (rt: KernelRuntime, x: number, w: number, out: number, bias: number) => void;
  /** The layer's sparse kernel (default: the batch-lanes one, runSparseForward). */
  readonly sparse?: (rt: KernelRuntime, form: SparseForm, x: number, out: number, bias: number) => void;
}

function layers(batch: number): Layer[] {
  const info = tf.backend_util.computeConv2DInfo([batch, 12, 12, 20], [5, 5, 20, 50], 1, 1, 'valid', undefined, false, 'channelsLast');
  const info1 = tf.backend_util.computeConv2DInfo([batch, 28, 28, 1], [5, 5, 1, 20], 1, 1, 'valid', undefined, false, 'channelsLast');
  return [
    {
      name: 'conv1 5×5 1→20',
      shape: [5, 5, 1, 20],
      xSize: batch * 28 * 28,
      outSize: batch * 24 * 24 * 20,
      geometry: convGeometry(info1),
      dense: (rt, x, w, out, bias) => runConvForward(rt, { x, w, out, bias }, info1, true),
      // The direct one-channel kernel (no padding here: the input is read where it lies).
      sparse: (rt, form, x, out, bias) => runSparseOneChannel(rt, form, { ptr: x, ihp: 28, iwp: 28 }, { x, out, bias }, convGeometry(info1), true),
    },
    {
      name: 'fc1 800×500',
      shape: [1, 1, 800, 500],
      xSize: batch * 800,
      outSize: batch * 500,
      geometry: denseGeometry(batch, 800, 500),
      dense: (rt, x, w, out, bias) => runMatMul(rt, { a: x, b: w, c: out, bias, relu: true }, batch, 800, 500, false, false),
    },
    {
      name: 'conv2 5×5 20→50',
      shape: [5, 5, 20, 50],
      xSize: batch * 12 * 12 * 20,
      outSize: batch * 8 * 8 * 50,
      geometry: convGeometry(info),
      dense: (rt, x, w, out, bias) => runConvForward(rt, { x, w, out, bias }, info, true),
    },
  ];
}

/** Dense and sparse time of conv1, fc1 and conv2 at each density (batch images per call). */
export function sparseMicroBench(rt: KernelRuntime, batch = 64, densities = [0.5, 0.35, 0.2, 0.1, 0.05], reps = 20): SparseMicroLine[] {
  const lines: SparseMicroLine[] = [];
  for (const l of layers(batch)) {
    const full = seeded(l.shape.reduce((a, b) => a * b, 1), 3);
    const x = put(rt, seeded(l.xSize, 5).map((v) => Math.max(0, v)));
    const bias = put(rt, seeded(l.shape[3], 7));
    const a = rt.malloc(4 * l.outSize);
    const b = rt.malloc(4 * l.outSize);
    for (const density of densities) {
      const wv = prune(full, density);
      const w = put(rt, wv);
      const form = new SparseForm(rt, csrOf(wv, l.shape), l.shape);
      const denseMs = best(() => l.dense(rt, x, w, a, bias), reps);
      const sparse = l.sparse ?? ((r: KernelRuntime, f: SparseForm, xp: number, out: number, bp: number) => runSparseForward(r, f, { x: xp, out, bias: bp }, l.geometry, true));
      const sparseMs = best(() => sparse(rt, form, x, b, bias), reps);
      const da = rt.f32(a, l.outSize);
      const db = rt.f32(b, l.outSize);
      let diff = 0;
      let max = 0;
      for (let i = 0; i < l.outSize; i++) {
        diff = Math.max(diff, Math.abs(da[i] - db[i]));
        max = Math.max(max, Math.abs(da[i]));
      }
      lines.push({ layer: l.name, density, denseMs, sparseMs, relDiff: max ? diff / max : diff });
      form.free();
      rt.free(w);
    }
    for (const p of [x, bias, a, b]) rt.free(p);
  }
  return lines;
}

export function sparseMicroTable(lines: readonly SparseMicroLine[]): string {
  const head = 'layer              kept   dense ms  sparse ms  speed-up  ideal  max rel diff';
  const rows = lines.map(
    (l) =>
      `${l.layer.padEnd(18)} ${`${(100 * l.density).toFixed(0)} %`.padStart(5)} ${l.denseMs.toFixed(3).padStart(9)} ${l.sparseMs.toFixed(3).padStart(10)} ${`${(l.denseMs / l.sparseMs).toFixed(2)}×`.padStart(9)} ${`${(1 / l.density).toFixed(1)}×`.padStart(6)}  ${l.relDiff.toExponential(1)}`,
  );
  return [head, ...rows].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { standaloneRuntime } = await import('../../src/core/backend/wasm/kernels/testRuntime');
  const rt = standaloneRuntime({ shared: false, pages: 4096 });
  const batch = Number(process.argv[2] ?? 64);
  const densities = process.argv[3] ? process.argv[3].split(',').map(Number) : undefined;
  console.log(`sparse micro-bench: Node, 1 thread, ${rt.relaxedSimd ? 'relaxed SIMD' : 'SIMD'}, batch ${batch}`);
  console.log(sparseMicroTable(sparseMicroBench(rt, batch, densities)));
}
