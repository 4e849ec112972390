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
  const tfjs = `tfjs kernels (${f.simd ? 'SIMD' : 'no SIMD'})`;
  const k = f.kernels;
  const ours = k.state === 'running' ? `PruneLab kernels (${k.relaxedSimd ? 'relaxed SIMD (FMA)' : 'SIMD'})` : '';
  if (!f.isolated) {
    const split = k.state === 'running' ? `: ${ours} for ${OWN_OPS}, ${tfjs} for the rest` : `, all in ${tfjs}`;
    return `Everything on 1 thread (the page is not cross-origin isolated, so no threads: serve it with COOP/COEP headers)${split}`;
  }
  switch (k.state) {
    case 'running':
      return `${ours} run ${OWN_OPS} on ${threads(k.threads)}; ${tfjs} run the rest on ${threads(f.tfjsThreads)}`;
    case 'pending':
      return `${tfjs} on ${threads(f.tfjsThreads)}; PruneLab kernels load with the first step`;
    case 'failed':
      return `Everything in ${tfjs} on ${threads(f.tfjsThreads)} (PruneLab kernels not loaded: ${k.error})`;
    case 'off':
      return `Everything in ${tfjs} on ${threads(f.tfjsThreads)}`;
  }
}
