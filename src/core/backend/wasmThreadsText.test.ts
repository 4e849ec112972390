import { describe, expect, it } from 'vitest';
import { wasmThreadsText } from './wasmThreadsText';

describe('the WebAssembly badge sentence', () => {
  it('names each thread pool with its own count', () => {
    const text = wasmThreadsText({ simd: true, tfjsThreads: 1, isolated: true, kernels: { state: 'running', relaxedSimd: true, threads: 2 } });
    expect(text).toBe(
      "WebAssembly with SIMD. Convolutions, matrix products, pooling and element-wise ops: PruneLab kernels (relaxed SIMD (FMA)) on 2 threads. Every other op: tfjs's own kernels on 1 thread",
    );
    // Not the old, contradictory "SIMD, 1 thread; … 2 threads".
    expect(text).not.toMatch(/SIMD, 1 thread;/);
  });

  it('says why there is one thread when the page is not cross-origin isolated', () => {
    const text = wasmThreadsText({ simd: true, tfjsThreads: 1, isolated: false, kernels: { state: 'running', relaxedSimd: false, threads: 1 } });
    expect(text).toContain('everything on 1 thread (the page is not cross-origin isolated');
    expect(text).toContain('PruneLab kernels (SIMD), the rest in');
  });

  it('without PruneLab kernels, tfjs runs everything on its own pool', () => {
    expect(wasmThreadsText({ simd: false, tfjsThreads: 4, isolated: true, kernels: { state: 'off' } })).toBe("WebAssembly without SIMD, all in tfjs's own kernels on 4 threads");
    expect(wasmThreadsText({ simd: true, tfjsThreads: 2, isolated: true, kernels: { state: 'failed', error: 'no memory' } })).toContain('(PruneLab kernels not loaded: no memory)');
  });
});
