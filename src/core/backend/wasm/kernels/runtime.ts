// Loads PruneLab's kernel module onto tfjs-wasm's own memory and runs its task functions.
//
// Why this file exists: the kernels operate in place on tensors of the tfjs 'wasm' backend,
// so the module imports that backend's WebAssembly.Memory (shared when tfjs runs its threaded
// build, unshared otherwise) and allocates scratch space with tfjs's own malloc. The build is
// chosen by feature detection: relaxed SIMD (fused multiply-add) where the engine validates
// it, plain SIMD otherwise. A job of N tasks runs on the calling thread, or split with the
// helper threads of a TaskPool (pool.ts) when one is attached.
import { KERNEL_BINARIES } from './build/kernelBinaries';
import { ARG_BLOCK_BYTES, DRIVERS, type DriverArgs, type DriverName } from './abi';

/** The parts of tfjs-wasm's Emscripten module we use. */
export interface EmscriptenModule {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAPU8: Uint8Array;
  wasmMemory?: unknown;
  asm?: Record<string, unknown>;
}

/** Runs `tasks` tasks of an exported task function, possibly on several threads. */
export interface TaskRunner {
  run(fn: (task: number, argPtr: number) => void, name: DriverName, argPtr: number, tasks: number): void;
  readonly threads: number;
  /** Tasks run so far: all of them, and those the helper threads took. */
  taskCounts?(): { total: number; helpers: number };
  dispose?(): void;
}

export type KernelExports = Record<DriverName, (task: number, argPtr: number) => void>;

/** The build in use and how it was chosen, for the backend badge and the bench. */
export interface KernelPath {
  readonly relaxedSimd: boolean;
  readonly shared: boolean;
  readonly threads: number;
}

/** tfjs-wasm's memory: `wasmMemory` in the threaded build, the module's exported memory otherwise. */
export function emscriptenMemory(mod: EmscriptenModule): WebAssembly.Memory | null {
  const candidates = [mod.wasmMemory, ...Object.values(mod.asm ?? {})];
  const found = candidates.find((m): m is WebAssembly.Memory => m instanceof WebAssembly.Memory);
  return found != null && found.buffer === mod.HEAPU8.buffer ? found : null;
}

// (module (func (result v128) v128.const 0 v128.const 0 v128.const 0 f32x4.relaxed_madd))
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0, 253, 12, ...new Array(16).fill(0), 253, 12,
  ...new Array(16).fill(0), 253, 12, ...new Array(16).fill(0), 253, 133, 2, 11,
]);

/** True when this engine runs relaxed SIMD (Chromium 114+; Node only behind a flag). */
export function hasRelaxedSimd(): boolean {
  return WebAssembly.validate(RELAXED_PROBE);
}

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Wall time of a driver's calls while timed (see KernelRuntime.timeDrivers): the total, and each call's. */
export interface DriverTime {
  readonly ms: number;
  readonly calls: number;
  readonly each: number[];
}

/** Cache-line size: scratch blocks start on one. */
const LINE = 64;

const SINGLE_THREAD: TaskRunner = {
  threads: 1,
  run(fn, _name, argPtr, tasks) {
    for (let t = 0; t < tasks; t++) fn(t, argPtr);
  },
};

export class KernelRuntime {
  readonly module: WebAssembly.Module;
  readonly exports: KernelExports;
  readonly memory: WebAssembly.Memory;
  readonly relaxedSimd: boolean;
  private readonly argPtr: number;
  private runner: TaskRunner = SINGLE_THREAD;
  private timings: Map<DriverName, DriverTime> | null = null;

  constructor(
    private readonly mod: EmscriptenModule,
    memory: WebAssembly.Memory,
    opts: { relaxed?: boolean } = {},
  ) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    this.relaxedSimd = opts.relaxed ?? hasRelaxedSimd();
    const name = `${this.relaxedSimd ? 'relaxed' : 'simd'}_${shared ? 'shared' : 'unshared'}` as const;
    this.module = new WebAssembly.Module(decodeBase64(KERNEL_BINARIES[name]));
    const instance = new WebAssembly.Instance(this.module, { env: { memory } });
    this.exports = instance.exports as unknown as KernelExports; // the module's exports are exactly DRIVERS' names
    this.memory = memory;
    this.argPtr = mod._malloc(ARG_BLOCK_BYTES);
  }

  get shared(): boolean {
    return typeof SharedArrayBuffer !== 'undefined' && this.memory.buffer instanceof SharedArrayBuffer;
  }

  get threads(): number {
    return this.runner.threads;
  }

  path(): KernelPath {
    return { relaxedSimd: this.relaxedSimd, shared: this.shared, threads: this.runner.threads };
  }

  /** Tasks run so far by the runner (all, and the helpers'), or null on one thread. */
  taskCounts(): { total: number; helpers: number } | null {
    return this.runner.taskCounts?.() ?? null;
  }

  /** Splits later jobs with `runner` (null: the calling thread only). */
  useRunner(runner: TaskRunner | null): void {
    if (this.runner !== runner) this.runner.dispose?.();
    this.runner = runner ?? SINGLE_THREAD;
  }

  /** Scratch memory aligned to a cache line (tfjs's malloc aligns to 8 bytes: vector loads would straddle lines). */
  malloc(bytes: number): number {
    const p = this.mod._malloc(Math.max(16, bytes) + LINE);
    if (p === 0) throw new Error(`PruneLab kernels: out of memory allocating ${bytes} bytes`);
    const aligned = Math.ceil((p + 1) / LINE) * LINE;
    // The byte before the block holds its distance from malloc's pointer (1…LINE), for free().
    new Uint8Array(this.memory.buffer)[aligned - 1] = aligned - p;
    return aligned;
  }

  free(ptr: number): void {
    this.mod._free(ptr - new Uint8Array(this.memory.buffer)[ptr - 1]);
  }

  /** A fresh view (memory may have grown since the last one). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  /** Runs driver `name` over tasks 0…tasks-1 with `args` (written into the argument block). */
  run<D extends DriverName>(name: D, args: DriverArgs<D>, tasks: number): void {
    if (tasks <= 0) return;
    const block = new Int32Array(this.memory.buffer, this.argPtr, DRIVERS[name].length);
    const order: readonly string[] = DRIVERS[name];
    const values = args as Record<string, number>;
    for (let i = 0; i < order.length; i++) block[i] = values[order[i]] | 0;
    if (this.timings == null) {
      this.runner.run(this.exports[name], name, this.argPtr, tasks);
      return;
    }
    const t0 = performance.now();
    this.runner.run(this.exports[name], name, this.argPtr, tasks);
    const ms = performance.now() - t0;
    const e = this.timings.get(name) ?? { ms: 0, calls: 0, each: [] };
    e.each.push(ms);
    this.timings.set(name, { ms: e.ms + ms, calls: e.calls + 1, each: e.each });
  }

  /** Wall time per driver from now on (the bench's profile); `null` stops timing. */
  timeDrivers(on: boolean): void {
    this.timings = on ? new Map() : null;
  }

  driverTimes(): ReadonlyMap<DriverName, DriverTime> {
    return this.timings ?? new Map();
  }
}
