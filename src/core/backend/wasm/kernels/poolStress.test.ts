// The thread pool under stress: thousands of back-to-back jobs of varying task counts, drivers
// and argument blocks, while another process keeps a core busy. Each job accumulates into its
// output (a += b, C += A·B), so a task run twice or a job that returns while a task still writes
// shows up as a wrong result; every result is checked against the single-thread kernel's, and
// the tasks run (caller's + helpers') must equal the tasks posted.
//
// A second pool runs the helper's exact program with random pauses before each of its atomic
// operations (a helper descheduled at any point, as the OS may do), which makes the rare
// interleavings of the publish/claim protocol common; a third is descheduled right after it
// sees a new generation and resumed when the caller starts publishing the next job, with the
// caller paused inside that publication (Atomics.store reads the argument pointer through
// valueOf). On the old order (parameters published before the claim word took the new tag)
// the third case caught double runs in every run, the second in most, the plain one rarely.
// POOL_STRESS_MS=<ms> runs each case longer.
import { spawn, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRIVERS, EW_OP, MODE, type DriverName } from './abi';
import { HELPER_SOURCE, TaskPool } from './pool';
import { standaloneRuntime } from './testRuntime';

const rt = standaloneRuntime({ shared: true, pages: 512 });
const MS = Number(process.env.POOL_STRESS_MS ?? 700);
const RING = 4;
/** Jobs run at least, however slow the machine. */
const MIN_JOBS = 1000;
const MAX_ROWS = 240;
const C = 16;

/** The helper's program with a random pause before every Atomics call (seeded per helper). */
function jittered(source: string, seed: number): string {
  const preamble = `
let seed = ${seed} | 1, sink = 0;
const pause = () => {
  seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
  if ((seed & 3) !== 0) return;
  const spins = ((seed >>> 8) & 1023) << ((seed >>> 18) % 5);
  for (let i = 0; i < spins; i++) sink = (sink + i) | 0;
};
const JA = {
  load: (a, i) => (pause(), Atomics.load(a, i)),
  store: (a, i, v) => (pause(), Atomics.store(a, i, v)),
  add: (a, i, v) => (pause(), Atomics.add(a, i, v)),
  compareExchange: (a, i, e, r) => (pause(), Atomics.compareExchange(a, i, e, r)),
  wait: (a, i, v, t) => Atomics.wait(a, i, v, t),
  notify: (a, i) => Atomics.notify(a, i),
};
`;
  const body = source.replace(/Atomics\./g, 'JA.');
  if (body === source) throw new Error('the helper source no longer uses Atomics');
  return body.replace("'use strict';", `'use strict';${preamble}`);
}

/**
 * The helper's program, descheduled (every other job) right after it sees a new generation and
 * resumed as soon as the caller starts writing the next job's task count: the worst moment.
 */
function resumedAtNextJob(source: string): string {
  const read = /const n = Atomics\.load\(c, (\d+)\);/.exec(source);
  if (!read) throw new Error('the helper source no longer reads the task count as expected');
  const pause = `if ((g & 1) === 0) { const seen = Atomics.load(c, ${read[1]}); for (let i = 0; i < 50000 && Atomics.load(c, ${read[1]}) === seen; i++); }\n    `;
  return source.replace(read[0], pause + read[0]);
}

interface Ring {
  args: number;
  a: number;
  b: number;
  out: number;
  x: number;
  w: number;
}

const ring: Ring[] = Array.from({ length: RING }, () => ({
  args: rt.malloc(64),
  a: rt.malloc(4 * MAX_ROWS * C),
  b: rt.malloc(4 * MAX_ROWS * C),
  out: rt.malloc(4 * MAX_ROWS * C),
  x: rt.malloc(4 * MAX_ROWS * 8),
  w: rt.malloc(4 * 8 * C),
}));

let rand = 12345;
const next = (n: number): number => {
  rand = (Math.imul(rand, 1103515245) + 12345) >>> 0;
  return (rand >>> 8) % n;
};

/** One job: a driver, its argument block (written into `r.args`), its output and task count. */
function makeJob(r: Ring): { name: DriverName; out: number; length: number; tasks: number } {
  const block = new Int32Array(rt.memory.buffer, r.args, 16);
  const write = (name: DriverName, values: Record<string, number>) => DRIVERS[name].forEach((k, i) => (block[i] = values[k] | 0));
  if (next(2) === 0) {
    const rows = 2 + next(next(8) === 0 ? MAX_ROWS - 1 : 30);
    const rowsPerTask = 1 + next(4);
    write('ew', { a: r.a, b: r.b, out: r.a, rows, c: C, bRow: 4 * C, op: EW_OP.add, alpha: 0, rowsPerTask });
    return { name: 'ew', out: r.a, length: rows * C, tasks: Math.ceil(rows / rowsPerTask) };
  }
  const m = 6 * (1 + next(next(8) === 0 ? MAX_ROWS / 6 : 6));
  write('matmul', { a: r.x, b: r.w, c: r.out, bias: 0, m, n: C, k: 8, aRow: 32, aK: 4, bK: 4 * C, mode: MODE.accumulate, mBlock: 6, nBlock: 8, nBlocks: 2 });
  return { name: 'matmul', out: r.out, length: m * C, tasks: (m / 6) * 2 };
}

const template = (length: number, f: (i: number) => number) => Float32Array.from({ length }, (_, i) => f(i));
const INIT = {
  a: template(MAX_ROWS * C, (i) => 1 + (i % 7) * 0.25),
  b: template(MAX_ROWS * C, (i) => 0.5 + (i % 5) * 0.125),
  out: template(MAX_ROWS * C, (i) => 0.75 + (i % 3)),
  x: template(MAX_ROWS * 8, (i) => ((i % 11) - 5) * 0.5),
  w: template(8 * C, (i) => ((i % 13) - 6) * 0.25),
};

/** Fills a ring entry's inputs and outputs with fixed non-zero values. */
function reset(r: Ring): void {
  for (const k of ['a', 'b', 'out', 'x', 'w'] as const) rt.f32(r[k], INIT[k].length).set(INIT[k]);
}

/** The single-thread kernel's result of each job shape, computed once. */
const reference = new Map<string, Float32Array>();
function expected(r: Ring, job: { name: DriverName; out: number; length: number; tasks: number }): Float32Array {
  const key = `${job.name} ${job.length}`;
  let want = reference.get(key);
  if (!want) {
    reset(r);
    for (let t = 0; t < job.tasks; t++) rt.exports[job.name](t, r.args);
    want = rt.f32(job.out, job.length).slice();
    reference.set(key, want);
  }
  return want;
}

interface Stats {
  jobs: number;
  wrong: number;
  tasks: number;
  extraRuns: number;
}

/**
 * How the caller passes a job's argument pointer: as is, or as an object whose valueOf (which
 * Atomics.store calls while the caller publishes the job) first pauses the caller, as a
 * preemption between two of its stores would.
 */
type CallerPause = 'none' | 'random' | 'until the helper takes a task';

function argument(ptr: number, pause: CallerPause, pool: TaskPool): number {
  if (pause === 'none') return ptr;
  return {
    valueOf: () => {
      const seen = pool.helperTasks();
      const spins = pause === 'random' ? (next(8) === 0 ? next(5_000) : 0) : 5_000;
      for (let i = 0; i < spins && pool.helperTasks() === seen; i++);
      return ptr;
    },
  } as unknown as number;
}

/** Back-to-back jobs on `pool` for `ms` (and at least MIN_JOBS); counts jobs, wrong results and tasks run more than once. */
async function hammer(pool: TaskPool, ms: number, pause: CallerPause): Promise<Stats> {
  let callerTasks = 0;
  let wrong = 0;
  let jobs = 0;
  let tasks = 0;
  const helpers0 = pool.helperTasks();
  const end = Date.now() + ms;
  while (Date.now() < end || jobs < MIN_JOBS) {
    for (let j = 0; j < 25; j++, jobs++) {
      const r = ring[jobs % RING];
      const job = makeJob(r);
      const fn = rt.exports[job.name];
      const want = expected(r, job);
      reset(r);
      pool.run((t) => (callerTasks++, fn(t, r.args)), job.name, argument(r.args, pause, pool), job.tasks);
      tasks += job.tasks;
      const got = rt.f32(job.out, job.length);
      for (let i = 0; i < want.length; i++) {
        if (got[i] !== want[i]) {
          wrong++;
          break;
        }
      }
    }
    await new Promise((res) => setImmediate(res));
  }
  await new Promise((res) => setTimeout(res, 50));
  return { jobs, wrong, tasks, extraRuns: callerTasks + pool.helperTasks() - helpers0 - tasks };
}

/** Starts a pool and waits until its helper has taken a task. */
async function startedPool(source: (s: string) => string): Promise<TaskPool> {
  const pool = new TaskPool(rt, 1, (s) => new Worker(source(s), { eval: true }));
  const deadline = Date.now() + 20_000;
  const r = ring[0];
  reset(r);
  while (pool.helperTasks() === 0 && Date.now() < deadline) {
    const job = makeJob(r);
    for (let i = 0; i < 50; i++) pool.run(rt.exports[job.name], job.name, r.args, job.tasks);
    await new Promise((res) => setTimeout(res, 10));
  }
  return pool;
}

describe('kernel thread pool under stress', () => {
  let burner: ChildProcess;

  beforeAll(() => {
    burner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  });

  afterAll(() => {
    burner.kill();
  });

  it.each([
    ['a plain helper', (s: string) => s, 'none'],
    ['a helper paused at random before each atomic operation, a caller paused at random', (s: string) => jittered(s, 0x2545f491), 'random'],
    ['a helper resumed when the next job is being published', resumedAtNextJob, 'until the helper takes a task'],
  ] as const)('thousands of jobs of varying shapes with %s: every result equals the single-thread one, no task runs twice', async (_n, source, pause) => {
    expect(HELPER_SOURCE).toContain('Atomics.compareExchange');
    const pool = await startedPool(source);
    expect(pool.helperTasks()).toBeGreaterThan(0);
    const stats = await hammer(pool, MS, pause);
    pool.dispose();
    console.info(`pool stress (${_n}): ${JSON.stringify(stats)}`);
    expect(stats.jobs).toBeGreaterThanOrEqual(MIN_JOBS);
    expect(stats).toEqual({ ...stats, wrong: 0, extraRuns: 0 });
  }, 60_000);
});
