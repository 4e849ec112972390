// The backend badge's sentence for WebAssembly: which code runs on how many threads. Two
// thread pools exist side by side (PruneLab's kernels for the heavy ops, tfjs's own for the
// rest), so one "N threads" would mislead: the sentence names each with its count.

export type KernelState =
  | { readonly state: 'running'; readonly relaxedSimd: boolean; readonly threads: number }
  | { readonly state: 'pending' }
  | { readonly state: 'failed'; readonly error: string }
  | { readonly state: 'off' };

export interface WasmThreadFacts {
  readonly simd: boolean;
  /** Threads of tfjs's own wasm kernels (its XNNPACK pool). */
  readonly tfjsThreads: number;
  /** The page is cross-origin isolated (threads need shared memory). */
  readonly isolated: boolean;
  readonly kernels: KernelState;
}

/** PruneLab's kernels cover these ops; tfjs's own kernels run every other op. */
const OWN_OPS = 'convolutions, matrix products, pooling and element-wise ops';

const threads = (n: number) => `${n} thread${n === 1 ? '' : 's'}`;

export function wasmThreadsText(f: WasmThreadFacts): string {
  const head = `WebAssembly ${f.simd ? 'with SIMD' : 'without SIMD'}`;
  const tfjs = `tfjs's own kernels`;
  const k = f.kernels;
  if (!f.isolated) {
    const own = k.state === 'running' ? `; ${OWN_OPS} in PruneLab kernels (${k.relaxedSimd ? 'relaxed SIMD (FMA)' : 'SIMD'}), the rest in ${tfjs}` : '';
    return `${head}, everything on 1 thread (the page is not cross-origin isolated, so no threads: serve it with COOP/COEP headers)${own}`;
  }
  switch (k.state) {
    case 'running':
      return `${head}. ${OWN_OPS[0].toUpperCase()}${OWN_OPS.slice(1)}: PruneLab kernels (${k.relaxedSimd ? 'relaxed SIMD (FMA)' : 'SIMD'}) on ${threads(k.threads)}. Every other op: ${tfjs} on ${threads(f.tfjsThreads)}`;
    case 'pending':
      return `${head}. PruneLab kernels load with the first step; every other op: ${tfjs} on ${threads(f.tfjsThreads)}`;
    case 'failed':
      return `${head}, all in ${tfjs} on ${threads(f.tfjsThreads)} (PruneLab kernels not loaded: ${k.error})`;
    case 'off':
      return `${head}, all in ${tfjs} on ${threads(f.tfjsThreads)}`;
  }
}
