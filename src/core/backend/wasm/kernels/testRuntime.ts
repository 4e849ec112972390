// Test-only: a KernelRuntime on a fresh memory of its own (shared or not) with a bump
// allocator, so kernels and the thread pool can be checked without tfjs.
// Why this file exists: under Node, tfjs-wasm runs its unshared single-thread build, so the
// multi-threaded path can only be exercised on a memory the test creates itself.
import { KernelRuntime, type EmscriptenModule } from './runtime';

export function standaloneRuntime(opts: { shared: boolean; relaxed?: boolean; pages?: number }): KernelRuntime {
  const pages = opts.pages ?? 256;
  const memory = opts.shared ? new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true }) : new WebAssembly.Memory({ initial: pages });
  // A stack allocator: a block is reused once it and every block above it are freed.
  const blocks: { at: number; free: boolean }[] = [];
  let top = 1024;
  const mod: EmscriptenModule = {
    _malloc: (bytes) => {
      const p = top;
      top += Math.ceil(bytes / 16) * 16 + 16;
      if (top > memory.buffer.byteLength) throw new Error('standaloneRuntime: out of memory');
      blocks.push({ at: p, free: false });
      return p;
    },
    _free: (p) => {
      const b = blocks.find((e) => e.at === p);
      if (b) b.free = true;
      while (blocks.length && blocks[blocks.length - 1].free) top = blocks.pop()?.at ?? top;
    },
    get HEAPU8() {
      return new Uint8Array(memory.buffer);
    },
  };
  return new KernelRuntime(mod, memory, opts.relaxed === undefined ? {} : { relaxed: opts.relaxed });
}

/** Writes `values` into fresh memory of `rt`; returns the byte offset. */
export function put(rt: KernelRuntime, values: Float32Array): number {
  const p = rt.malloc(4 * values.length);
  rt.f32(p, values.length).set(values);
  return p;
}
