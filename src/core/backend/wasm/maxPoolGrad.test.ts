// Checks the corrected wasm MaxPoolGrad kernel (maxPoolGrad.ts) against the reference
// 'cpu' backend, including all-negative windows (the upstream wasm bug).
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackendForTest } from '../testWasmSetup';
import { POOL_CASES, poolGrad } from './testCases';
import { relErr } from './testHelpers';

describe('wasm MaxPoolGrad kernel', () => {
  const poolReference = new Map<string, Float32Array>();

  beforeAll(async () => {
    await useBackendForTest('cpu');
    POOL_CASES.forEach((c, i) => poolReference.set(c.name, poolGrad(c, 500 + i * 10)));
    await useBackendForTest('wasm');
  });

  it.each(POOL_CASES.map((c, i) => [c.name, c, i] as const))('MaxPoolGrad %s matches cpu', (_n, c, i) => {
    const want = poolReference.get(c.name);
    if (want == null) throw new Error('missing reference');
    expect(relErr(poolGrad(c, 500 + i * 10), want)).toBeLessThanOrEqual(1e-6);
  });
});
