import { describe, expect, it } from 'vitest';
import { wasmThreadsText } from './wasmThreadsText';

describe('the WebAssembly badge sentence', () => {
  it('names each thread pool with its own count', () => {
    const text = wasmThreadsText({ simd: true, tfjsThreads: 1, isolated: true, kernels: { state: 'running', relaxedSimd: true, threads: 2 } });
    expect(text).toBe('PruneLab kernels (relaxed SIMD (FMA)) run convolutions, matrix products, pooling and element-wise ops on 2 threads; tfjs kernels (SIMD) run the rest on 1 thread');
    // Not the old, contradictory "SIMD, 1 thread; … 2 threads".
    expect(text).not.toMatch(/SIMD, 1 thread;/);
  });

  it('says why there is one thread when the page is not cross-origin isolated', () => {
    const text = wasmThreadsText({ simd: true, tfjsThreads: 1, isolated: false, kernels: { state: 'running', relaxedSimd: false, threads: 1 } });
    expect(text).toContain('Everything on 1 thread (the page is not cross-origin isolated');
    expect(text).toContain(': PruneLab kernels (SIMD) for convolutions, matrix products, pooling and element-wise ops, tfjs kernels (SIMD) for the rest');
  });

  it('without PruneLab kernels, tfjs runs everything on its own pool', () => {
    expect(wasmThreadsText({ simd: false, tfjsThreads: 4, isolated: true, kernels: { state: 'off' } })).toBe('Everything in tfjs kernels (no SIMD) on 4 threads');
    expect(wasmThreadsText({ simd: true, tfjsThreads: 2, isolated: true, kernels: { state: 'failed', error: 'no memory' } })).toContain('(PruneLab kernels not loaded: no memory)');
  });
});
