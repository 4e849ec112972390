// `npm run profile`: where one LeNet-5 training step (batch 64) spends its time on the wasm
// backend with PruneLab's gradient kernels, kernel by kernel (tf.profile), under Node.
// Node runs tfjs-wasm single-threaded (SIMD), like a page that is not cross-origin isolated;
// the split between kernels is what matters. Also times whole steps and test-set-style inference.
// `--kernels off` profiles the previous routes (XNNPACK and JS, PruneLab's own wasm kernels off)
// for a before/after comparison; `--relaxed` is for `node --experimental-wasm-relaxed-simd`.
//   npx tsx scripts/bench/profile-training.ts [--steps 20] [--backend wasm|cpu] [--kernels on|off]

import * as tf from '@tensorflow/tfjs';
import { useBackendForTest, type TestBackend } from '../../src/core/backend/testWasmSetup';
import { lenetTrainingStep } from '../../src/core/backend/speedProbe';
import { kernelPathText, setOwnKernelsEnabled } from '../../src/core/backend/wasmGradKernels';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const STEPS = Number(arg('steps', '20'));
const BACKEND = arg('backend', 'wasm') as TestBackend;
const BATCH = 64;

setOwnKernelsEnabled(arg('kernels', 'on') !== 'off');
await useBackendForTest(BACKEND);
const { model, step, dispose } = lenetTrainingStep(BATCH);

for (let i = 0; i < 3; i++) await step(); // warm-up

const t0 = performance.now();
const cpu0 = process.cpuUsage();
for (let i = 0; i < STEPS; i++) await step();
const stepMs = (performance.now() - t0) / STEPS;
// CPU time of this (single-threaded) process per step: steadier than wall time on a busy machine.
const cpu = process.cpuUsage(cpu0);
const stepCpuMs = (cpu.user + cpu.system) / 1000 / STEPS;

// Several profiled steps, averaged: a single one is at the mercy of the scheduler on a busy machine.
const PROFILED = 5;
const profile = await tf.profile(async () => {
  for (let i = 0; i < PROFILED; i++) await step();
});
const byKernel = new Map<string, { ms: number; calls: number }>();
for (const k of profile.kernels) {
  const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  const e = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
  byKernel.set(k.name, { ms: e.ms + ms / PROFILED, calls: e.calls + 1 / PROFILED });
}
const total = [...byKernel.values()].reduce((s, e) => s + e.ms, 0);

const infer = tf.randomUniform([500, 28, 28, 1], 0, 1, 'float32', 4);
for (let i = 0; i < 2; i++) tf.tidy(() => (model.predict(infer) as tf.Tensor).dataSync());
const t1 = performance.now();
const INFER_RUNS = 10;
for (let i = 0; i < INFER_RUNS; i++) tf.tidy(() => (model.predict(infer) as tf.Tensor).argMax(-1).dataSync());
const inferMs = (performance.now() - t1) / INFER_RUNS;

if (BACKEND === 'wasm') console.log(kernelPathText());
console.log(`backend ${BACKEND}, batch ${BATCH}: ${stepMs.toFixed(1)} ms per training step = ${Math.round((BATCH * 1000) / stepMs)} images/s`);
console.log(`  CPU time ${stepCpuMs.toFixed(1)} ms per step = ${Math.round((BATCH * 1000) / stepCpuMs)} images/s per busy core`);
console.log(`inference, batches of 500: ${inferMs.toFixed(1)} ms = ${Math.round((500 * 1000) / inferMs)} images/s`);
console.log(`one profiled step (mean of ${PROFILED}): ${total.toFixed(1)} ms in kernels (${profile.kernels.length / PROFILED} kernel calls)`);
console.log('kernel                        calls     ms   share');
for (const [name, e] of [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms)) {
  if (e.ms < 0.05 * total / 10) continue;
  console.log(`${name.padEnd(28)} ${String(Math.round(e.calls)).padStart(6)} ${e.ms.toFixed(2).padStart(7)} ${((100 * e.ms) / total).toFixed(1).padStart(6)}%`);
}
infer.dispose();
dispose();
