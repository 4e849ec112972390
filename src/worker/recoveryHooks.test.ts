import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendChoice, BackendEnv, BackendName } from '../core/backend/chooseBackend';
import { momentumSGD } from '../core/train/optimizers';
import { workerRecoveryHooks } from './recoveryHooks';

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
});
