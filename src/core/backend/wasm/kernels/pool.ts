// Helper threads for the kernels: each helper instantiates the same kernel module on the same
// shared WebAssembly.Memory and joins the jobs the calling thread posts, claiming tasks one at
// a time through a small shared control block (Atomics), so a job ends when its last task does.
//
// Why this file exists: tfjs calls a kernel synchronously on the worker thread that runs the
// training loop, so the split must be synchronous too: the caller publishes the job, works on
// tasks itself, then waits (Atomics.wait) for the helpers' tasks. Helpers that are not running
// yet (still starting) simply take no task: the caller does them. Tasks are tagged with the
// job's generation, so a helper that wakes late cannot take a task of a newer job (see run()).
import { DRIVERS, type DriverName } from './abi';
import type { KernelRuntime, TaskRunner } from './runtime';

/** A started helper (a Web Worker, or a Node worker thread in tests). */
export interface HelperHandle {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

/** Starts a helper running `source` (plain JavaScript, see HELPER_SOURCE). */
export type SpawnHelper = (source: string) => HelperHandle;

const GEN = 0;
const CLAIM = 1;
const DONE = 2;
const TASKS = 3;
const FN = 4;
const ARGS = 5;
const STOP = 6;
const FAILED = 7;
const HELPER_TASKS = 8;
const SLOTS = 9;
/** Tasks per job fit in the claim word's low 12 bits; the generation takes the next 19. */
export const MAX_TASKS = 4095;
const TAG_MASK = 0x7ffff;
/**
 * Checks of the control block before a waiting thread sleeps: ≈ 150 µs at V8's ≈ 15 ns per
 * Atomics.load. That covers tfjs's work between two kernels of a backward pass, so a helper is
 * usually awake for the next job (a sleeping one wakes late and misses tasks), yet a helper does
 * not hold a core through the longer gaps, which the page's own thread needs while the app trains.
 */
const SPIN = 10_000;

const NAMES = Object.keys(DRIVERS) as DriverName[];

/**
 * The helper's whole program (a string: it runs in a Blob worker or a Node eval worker, with no
 * bundler in between). Protocol and slots as above; a failed task still counts as done and
 * raises FAILED, so the caller never waits forever.
 */
export const HELPER_SOURCE = `'use strict';
const node = typeof self === 'undefined';
const port = node ? require('node:worker_threads').parentPort : self;
const start = (msg) => {
  const inst = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } });
  const fns = msg.names.map((n) => inst.exports[n]);
  const c = new Int32Array(msg.control);
  let last = Atomics.load(c, ${GEN});
  for (;;) {
    let g = Atomics.load(c, ${GEN});
    for (let i = 0; g === last && i < ${SPIN}; i++) g = Atomics.load(c, ${GEN});
    if (g === last) { Atomics.wait(c, ${GEN}, last); continue; }
    last = g;
    if (Atomics.load(c, ${STOP}) !== 0) break;
    const n = Atomics.load(c, ${TASKS});
    const fn = fns[Atomics.load(c, ${FN})];
    const p = Atomics.load(c, ${ARGS});
    for (;;) {
      const w = Atomics.load(c, ${CLAIM});
      if ((w >>> 12) !== (g & ${TAG_MASK}) || (w & 4095) >= n) break;
      if (Atomics.compareExchange(c, ${CLAIM}, w, w + 1) !== w) continue;
      try { fn(w & 4095, p); } catch (e) { Atomics.store(c, ${FAILED}, 1); }
      Atomics.add(c, ${HELPER_TASKS}, 1);
      if (Atomics.add(c, ${DONE}, 1) + 1 === n) Atomics.notify(c, ${DONE});
    }
  }
  if (node) port.close(); else close();
};
if (node) port.once('message', start); else self.onmessage = (e) => start(e.data);
`;

export class TaskPool implements TaskRunner {
  readonly threads: number;
  private readonly control: Int32Array;
  private readonly helpers: HelperHandle[] = [];
  private gen = 0;
  private total = 0;

  constructor(rt: KernelRuntime, helpers: number, spawn: SpawnHelper) {
    if (!rt.shared) throw new Error('TaskPool: the kernels run on an unshared memory');
    this.control = new Int32Array(new SharedArrayBuffer(4 * SLOTS));
    this.threads = 1 + helpers;
    for (let i = 0; i < helpers; i++) {
      const h = spawn(HELPER_SOURCE);
      h.postMessage({ module: rt.module, memory: rt.memory, names: NAMES, control: this.control.buffer });
      this.helpers.push(h);
    }
  }

  run(fn: (task: number, argPtr: number) => void, name: DriverName, argPtr: number, tasks: number): void {
    if (tasks === 1 || tasks > MAX_TASKS || this.helpers.length === 0) {
      for (let t = 0; t < tasks; t++) fn(t, argPtr);
      return;
    }
    this.total += tasks;
    const c = this.control;
    this.gen = (this.gen + 1) & TAG_MASK;
    const tag = this.gen;
    // The claim word takes the new tag BEFORE the job's parameters change. A helper claims a
    // task of job g only by a compare-exchange of a word tagged g, after it read GEN = g and
    // then TASKS, FN and ARGS. All are sequentially consistent, so: GEN = g was stored after
    // job g's parameters (it read job g's or newer ones), and a successful exchange on a
    // g-tagged word precedes the next job's first store (CLAIM = g+1 ...), which precedes every
    // later parameter store (it read nothing newer). So it runs a task of job g with job g's
    // parameters, and its DONE count lands in job g's count, which run() waits for. A helper
    // that wakes late fails its tag check and takes nothing. (Publishing the parameters before
    // re-tagging the word let a helper that saw GEN = g late read job g+1's parameters while
    // the word still read g, take task n(g) of job g+1 and have it run twice: tasks still
    // writing after run() returned, a corrupted heap.) A closed word (index 4095) while
    // publishing would add nothing: no helper holds the new tag before GEN is stored.
    // The one gap left is the 19-bit tag's wrap: a helper stalled between reading GEN and its
    // exchange for exactly a multiple of 524,288 jobs, resuming inside a job with its tag.
    Atomics.store(c, CLAIM, tag << 12);
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    Atomics.store(c, TASKS, tasks);
    Atomics.store(c, FN, NAMES.indexOf(name));
    Atomics.store(c, ARGS, argPtr);
    Atomics.store(c, GEN, tag);
    Atomics.notify(c, GEN);
    for (;;) {
      const w = Atomics.load(c, CLAIM);
      if ((w & 4095) >= tasks) break;
      if (Atomics.compareExchange(c, CLAIM, w, w + 1) !== w) continue;
      fn(w & 4095, argPtr);
      Atomics.add(c, DONE, 1);
    }
    let done = Atomics.load(c, DONE);
    for (let i = 0; done < tasks && i < SPIN; i++) done = Atomics.load(c, DONE);
    while (done < tasks) {
      Atomics.wait(c, DONE, done, 1000);
      done = Atomics.load(c, DONE);
    }
    if (Atomics.load(c, FAILED) !== 0) throw new Error(`PruneLab kernels: a helper thread failed in ${name}`);
  }

  /** Tasks the helpers have run so far (0 while they are still starting). */
  helperTasks(): number {
    return Atomics.load(this.control, HELPER_TASKS);
  }

  /** Tasks of the jobs that were split (all, and the helpers'). */
  taskCounts(): { total: number; helpers: number } {
    return { total: this.total, helpers: this.helperTasks() };
  }

  /** Stops and ends the helpers. */
  dispose(): void {
    Atomics.store(this.control, STOP, 1);
    this.gen = (this.gen + 1) & TAG_MASK;
    Atomics.store(this.control, GEN, this.gen);
    Atomics.notify(this.control, GEN);
    for (const h of this.helpers) h.terminate();
    this.helpers.length = 0;
  }
}
