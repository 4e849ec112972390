import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendChoice, BackendEnv, BackendName } from '../backend/chooseBackend';
import { tinyNet } from '../testing/fixtures';
import { momentumSGD } from './optimizers';
import { maskStepHook, workerRecoveryHooks } from './recoveryHooks';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('workerRecoveryHooks', () => {
  it('moves to the automatic choice without WebGPU and tells the worker which backend it got', async () => {
    const probed: BackendName[] = [];
    const env: BackendEnv = {
      probe: async (name) => {
        probed.push(name);
        return name === 'webgl' ? { available: false, software: false, detail: 'no WebGL 2' } : { available: true, software: false, detail: name };
      },
      activate: async () => undefined,
    };
    const told: [BackendChoice, string][] = [];
    const hooks = workerRecoveryHooks(env, { createOptimizer: () => momentumSGD(0.1, 0.5), onBackend: (c, r) => told.push([c, r]) });
    expect(hooks.deviceLost()).toBeNull(); // cpu is active: nothing to lose
    expect(await hooks.switchBackend('device reset')).toBe('wasm');
    expect(probed).toEqual(['webgl', 'wasm']);
    expect(told[0][0]).toMatchObject({ name: 'wasm', reasons: ['webgl unavailable: no WebGL 2'] });
    expect(told[0][1]).toBe('device reset');
  });

  it('rebuilds masks that zero the pruned weights after each step, and frees them', () => {
    const model = tinyNet(2);
    const n = model.getLayer('d1').getWeights()[0].size;
    const mask = Uint8Array.from({ length: n }, (_, i) => (i < n / 2 ? 0 : 1));
    const before = tf.memory().numTensors;
    const hook = maskStepHook(model, { layers: ['d1'], masks: [mask], others: new Map() })(0);
    hook.afterStep();
    const w = model.getLayer('d1').getWeights()[0].dataSync();
    expect(Array.from(w.subarray(0, n / 2)).every((v) => v === 0)).toBe(true);
    expect(Array.from(w.subarray(n / 2)).some((v) => v !== 0)).toBe(true);
    hook.dispose();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
