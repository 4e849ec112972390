// `npm run bench -- --peer ort`: runs ortPeer.ts (ONNX Runtime Web, wasm, under Node) in a
// child process and prints PruneLab's test-set images/s from the same run's sparse section
// (the app in Chromium, wasm, its threads; sparse kernels on, and the dense path) as ratios to it.
//
// Why this file exists: the peer's settings, its result line and the ratio table are shared by
// the script that measures and the bench that reports, in one place.
import { execFileSync } from 'node:child_process';
import type { SparseBenchLine } from './sparseBench';

/** The settings the peer runs, each with the sparse section's label for the same pruning. */
export const ORT_SETTINGS: readonly { label: string; benchLabel: string; rate: number; scope: 'layer' | 'global' }[] = [
  { label: '0 %', benchLabel: '0 % (control)', rate: 0, scope: 'layer' },
  { label: '90 % global', benchLabel: '90 % global', rate: 0.9, scope: 'global' },
  { label: '95 % global', benchLabel: '95 % global', rate: 0.95, scope: 'global' },
];

export interface OrtLine {
  readonly setting: string;
  readonly imagesPerSec: number;
  readonly examples: number;
  readonly batch: number;
  readonly threads: number;
  /** Largest |ONNX Runtime logit − PruneLab logit| over the images, and images given the same class. */
  readonly maxLogitDiff: number;
  readonly sameClass: number;
  readonly load: number;
}

export interface OrtPeerResult {
  readonly lines: readonly OrtLine[];
  readonly note: string;
}

export function runOrtPeer(root: string, threads: number, timeoutS: number): OrtPeerResult {
  try {
    const out = execFileSync('npx', ['tsx', 'scripts/bench/ortPeer.ts', '--threads', String(threads)], { cwd: root, timeout: timeoutS * 1000, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as OrtLine);
    return { lines, note: `onnxruntime-web wasm EP under Node, ${threads} threads: ${lines.length} setting(s)` };
  } catch (e) {
    return { lines: [], note: `onnxruntime-web peer failed: ${String(e).split('\n')[0]}` };
  }
}

export function ortTable(peer: OrtPeerResult, sparse: readonly SparseBenchLine[] | null): string {
  const out = [`ONNX Runtime Web peer (${peer.note}; PruneLab: the sparse section's figures, Chromium; ratio = PruneLab / ONNX Runtime):`];
  for (const l of peer.lines) {
    const s = ORT_SETTINGS.find((x) => x.label === l.setting);
    const ours = sparse?.find((x) => x.setting === s?.benchLabel)?.speed ?? null;
    const ratio = (v: number) => `${(v / l.imagesPerSec).toFixed(2)}×`;
    const vs = ours ? `PruneLab sparse ${ours.sparseImagesPerSec.toFixed(0)} (${ratio(ours.sparseImagesPerSec)}), dense path ${ours.denseImagesPerSec.toFixed(0)} (${ratio(ours.denseImagesPerSec)})` : 'no PruneLab figure in this run';
    out.push(`  ${l.setting.padEnd(12)} ORT ${l.imagesPerSec.toFixed(0)} images/s (${l.examples} images, batch ${l.batch}, load ${l.load.toFixed(1)}; same class on ${l.sameClass}, max |Δlogit| ${l.maxLogitDiff.toExponential(1)}); ${vs}`);
  }
  return out.join('\n');
}
