// Checks the transpose-free wasm BatchMatMul wrapper (batchMatMul.ts) against the
// reference 'cpu' backend, for transposed, batch-1 and passed-through (batched) products.
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackendForTest } from '../testWasmSetup';
import { MATMUL_CASES, matMul } from './testCases';
import { relErr } from './testHelpers';

describe('wasm BatchMatMul kernel', () => {
  const matMulReference: Float32Array[] = [];

  beforeAll(async () => {
    await useBackendForTest('cpu');
    MATMUL_CASES.forEach((c, i) => matMulReference.push(matMul(c, 300 + i * 10)));
    await useBackendForTest('wasm');
  });

  it.each(MATMUL_CASES.map((c, i) => [JSON.stringify(c), c, i] as const))(
    'BatchMatMul %s matches cpu',
    (_n, c, i) => {
      expect(relErr(matMul(c, 300 + i * 10), matMulReference[i])).toBeLessThanOrEqual(1e-5);
    },
  );
});
