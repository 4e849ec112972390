// Bench helpers for the app build and its static server: `npm run build`'s steps, then
// `vite preview` on a private port (never the e2e port 4173), stopped by its process group.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const VITE_BIN = resolve(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
const TSX_BIN = resolve(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

/**
 * What `npm run build` does: the data files if missing or stale (prepare-data --if-missing,
 * as in `prebuild`), then `vite build` into dist/. Throws with the output on failure.
 */
export function buildApp(): number {
  const t0 = Date.now();
  const steps: [string, string[]][] = [
    [TSX_BIN, ['scripts/build/prepare-data.ts', '--if-missing']],
    [VITE_BIN, ['build', '--logLevel', 'warn']],
  ];
  for (const [bin, args] of steps) {
    // The bench's build carries its switches (the worker's sparse-kernel hook); see lab.worker.ts.
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VITE_PRUNELAB_BENCH: '1' } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return Math.round((Date.now() - t0) / 100) / 10;
}

export interface Server {
  readonly url: string;
  stop(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM'); // the whole group: vite and anything it started
  } catch {
    child.kill('SIGTERM');
  }
}

/** Serves dist/ with `vite preview --strictPort` on 127.0.0.1:port and waits until it answers. */
export async function serveDist(port: number, timeoutMs = 30_000): Promise<Server> {
  const url = `http://127.0.0.1:${port}/`;
  if (await reachable(url)) throw new Error(`port ${port} is already in use: pick another with --port`);
  const child = spawn(process.execPath, [VITE_BIN, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    detached: true, // own process group, so stop() reaches every child
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const onExit = () => killGroup(child);
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    killGroup(child);
    await Promise.race([exited, new Promise((res) => setTimeout(res, 5000))]);
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited (${child.exitCode}):\n${log}`);
    if (await reachable(url)) return { url, stop };
    await new Promise((res) => setTimeout(res, 250));
  }
  await stop();
  throw new Error(`vite preview did not answer on ${url} within ${timeoutMs / 1000} s:\n${log}`);
}
