// Speed benchmark for PruneLab's wasm training kernels (skipped by default):
// SPEED=1 npx vitest run src/core/backend/wasmGradKernels.speed.test.ts -t speed
// (SPEED=profile adds a per-kernel breakdown; SPEED_STEPS / SPEED_CPU_STEPS set step counts).
// Why this file exists: it compares LeNet-5 training throughput with all kernels, with the
// stock wasm kernels (plus only the missing dW one) and on cpu; kept apart from the
// correctness tests in wasmGradKernels.test.ts.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { useBackendForTest } from './testWasmSetup';
import { registerWasmGradKernels, unregisterWasmGradKernels } from './wasmGradKernels';
import { batch, makeLeNet } from './wasm/testLenet';

describe.skipIf(!process.env.SPEED)('speed: LeNet-5 training throughput, batch 64', () => {
  const BATCH = 64;
  const STEPS = Number(process.env.SPEED_STEPS ?? 30);
  const CPU_STEPS = Number(process.env.SPEED_CPU_STEPS ?? 2);

  async function imagesPerSecond(label: string, steps: number, profile = false): Promise<number> {
    const net = makeLeNet(1);
    const { xs, ys } = batch(BATCH, 2);
    const opt = tf.train.momentum(0.01, 0.9);
    const step = (): void => {
      const loss = opt.minimize(() => tf.losses.softmaxCrossEntropy(ys, net.logits(xs)), true, net.vars);
      loss?.dataSync();
      loss?.dispose();
    };
    step();
    step();
    const t0 = performance.now();
    for (let i = 0; i < steps; i++) step();
    const ms = performance.now() - t0;
    const ips = (BATCH * steps * 1000) / ms;
    console.log(`[speed] ${label}: ${ips.toFixed(0)} images/s (${(ms / steps).toFixed(1)} ms/step)`);
    if (profile) {
      const info = await tf.profile(() => {
        for (let i = 0; i < 5; i++) step();
      });
      const perKernel = new Map<string, number>();
      for (const k of info.kernels) {
        const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
        const t = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        perKernel.set(key, (perKernel.get(key) ?? 0) + t / 5);
      }
      const top = [...perKernel.entries()].sort((p, q) => q[1] - p[1]).slice(0, 15);
      console.log(top.map(([k, t]) => `${t.toFixed(2).padStart(7)} ms  ${k}`).join('\n'));
    }
    opt.dispose();
    tf.dispose([xs, ys, ...net.vars]);
    return ips;
  }

  it('wasm with PruneLab kernels vs wasm with only the missing dW kernel vs cpu', async () => {
    await useBackendForTest('wasm');
    const fast = await imagesPerSecond('wasm + all PruneLab kernels', STEPS, process.env.SPEED === 'profile');

    // Baseline: stock wasm kernels plus only the Conv2DBackpropFilter it lacks.
    const filterKernel = tf.getKernel('Conv2DBackpropFilter', 'wasm');
    if (filterKernel == null) throw new Error('missing kernel');
    unregisterWasmGradKernels();
    tf.registerKernel(filterKernel);
    const stock = await imagesPerSecond('wasm stock kernels + dW only (MaxPoolGrad buggy!)', STEPS);
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    registerWasmGradKernels();

    await useBackendForTest('cpu');
    const cpu = await imagesPerSecond('cpu backend', CPU_STEPS);
    await useBackendForTest('wasm');
    expect(Math.min(fast, stock, cpu)).toBeGreaterThan(0);
  }, 600_000);
});
