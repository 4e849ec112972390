// `npm run bench -- --peer torch`: runs the pruning tutorial's PyTorch LeNet-5 (peer/torch_lenet.py)
// on the same MNIST files and training-set size, for 1 and 2 threads, in the same bench run, so
// PruneLab's figures can be printed as ratios to it. Finds a Python with torch ($PYTHON, then
// python3, then /usr/bin/python3); without one it says how to get it and the bench carries on.

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { BackendResult } from './backend';
import { fmt } from './stats';

export interface TorchFigures {
  readonly python: string;
  readonly torch: string;
  readonly train: number;
  /** Per thread count: training images/s (batch 64, median over 10-step blocks) and test-set inference images/s. */
  readonly threads: Record<string, { trainImagesPerSec: number | null; inferImagesPerSec: number }>;
}

export interface PeerResult {
  readonly figures: TorchFigures | null;
  readonly note: string;
}

const SCRIPT = resolve(import.meta.dirname, 'peer', 'torch_lenet.py');
export const TORCH_HELP =
  'no Python with torch found (tried $PYTHON, python3, /usr/bin/python3): install it with `apt-get install python3-torch` ' +
  '(Debian/Ubuntu) or `pip install torch`, or point $PYTHON at a Python that has it';

function pythonWithTorch(): { python: string; version: string } | null {
  const candidates = [process.env.PYTHON, 'python3', '/usr/bin/python3'].filter((p): p is string => !!p);
  for (const python of [...new Set(candidates)]) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return null;
}

/** Runs the peer for `train` training images; never throws (a failure becomes the note). */
export function runTorchPeer(root: string, train: number, threads: readonly number[], timeoutS: number): PeerResult {
  const found = pythonWithTorch();
  if (!found) return { figures: null, note: TORCH_HELP };
  const args = [SCRIPT, resolve(root, 'public', 'data', 'mnist'), '--train', String(train), '--threads', threads.join(',')];
  const r = spawnSync(found.python, args, { encoding: 'utf8', timeout: timeoutS * 1000, maxBuffer: 1 << 20 });
  if (r.status !== 0) return { figures: null, note: `the torch peer failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr.split('\n').slice(-3).join(' ')}` };
  try {
    const parsed = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as Omit<TorchFigures, 'python'>;
    return { figures: { ...parsed, python: found.python }, note: `PyTorch ${parsed.torch} (${found.python})` };
  } catch {
    return { figures: null, note: `the torch peer printed no figures: ${r.stdout.slice(0, 200)}` };
  }
}

const ratio = (ours: number | null | undefined, theirs: number | null | undefined): string =>
  ours != null && theirs != null && theirs > 0 ? `${(ours / theirs).toFixed(2)}×` : '—';

/** Markdown table: the peer's figures per thread count and each backend's figures as ratios to them. */
export function peerTable(peer: TorchFigures, results: readonly BackendResult[]): string {
  const counts = Object.keys(peer.threads);
  const lines = [
    `| | LeNet-5 training img/s (batch 64) | test-set inference img/s |`,
    '|---|---:|---:|',
    ...counts.map((t) => `| PyTorch ${peer.torch}, ${t} thread${t === '1' ? '' : 's'} | ${fmt(peer.threads[t].trainImagesPerSec)} | ${fmt(peer.threads[t].inferImagesPerSec)} |`),
  ];
  for (const r of results) {
    const train = r.train.imagesPerSec?.median ?? null;
    const infer = r.inference?.imagesPerSec ?? null;
    lines.push(`| PruneLab ${r.backend} | ${fmt(train)} | ${fmt(infer)} |`);
    for (const t of counts) {
      lines.push(`| … as a ratio to PyTorch, ${t} thread${t === '1' ? '' : 's'} | ${ratio(train, peer.threads[t].trainImagesPerSec)} | ${ratio(infer, peer.threads[t].inferImagesPerSec)} |`);
    }
  }
  return lines.join('\n');
}
