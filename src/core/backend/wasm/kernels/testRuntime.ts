// Test-only: a KernelRuntime on a fresh memory of its own (shared or not) with a bump
// allocator, so kernels and the thread pool can be checked without tfjs.
// Why this file exists: under Node, tfjs-wasm runs its unshared single-thread build, so the
// multi-threaded path can only be exercised on a memory the test creates itself.
import { TaskPool } from './pool';
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

/**
 * A pool of one helper thread on `rt`, in use, whose helper has already run tasks (up to 20 s of
 * millisecond-long jobs): a helper that wakes late would otherwise leave short test jobs to the caller.
 */
export async function warmPool(rt: KernelRuntime, spawn: ConstructorParameters<typeof TaskPool>[2]): Promise<TaskPool> {
  const pool = new TaskPool(rt, 1, spawn);
  const deadline = Date.now() + 20_000;
  const [r, c] = [4096, 256];
  const a = put(rt, new Float32Array(r * c));
  const out = put(rt, new Float32Array(r * c));
  rt.useRunner(pool);
  while (pool.helperTasks() === 0 && Date.now() < deadline) {
    rt.run('transpose', { src: a, dst: out, r, c, rowsPerTask: 16 }, r / 16);
    await new Promise((res) => setTimeout(res, 20));
  }
  return pool;
}
