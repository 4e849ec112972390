// Bench output: the markdown table, the machine description, and the JSON files in
// bench-results/ (a timestamped one and latest.json).

import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BackendResult } from './backend';
import type { OrtPeerResult } from './ortPeerRun';
import type { SliderSparseResult } from './sliderSparse';
import type { SparseBenchLine } from './sparseBench';
import type { PeerResult } from './peer';
import { fmt } from './stats';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly loadAverageAtStart: number[];
  readonly loadAverageAtEnd: number[];
  readonly chromium: string;
  readonly node: string;
  readonly date: string;
  /** Other Chromium processes seen at start: they share the 2 cores and skew the figures. */
  readonly otherChromiumProcesses: number;
}

export function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux: fall through
  }
  return cpus()[0]?.model ?? 'unknown';
}

/** Counts running processes whose executable is Chromium (read-only look at /proc). */
export function chromiumProcesses(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'comm='], { encoding: 'utf8' });
    return out.split('\n').filter((c) => /^(chromium|chrome|headless_shell)$/.test(c.trim())).length;
  } catch {
    return 0;
  }
}

export function loadNow(): number[] {
  return loadavg().map((v) => Math.round(v * 100) / 100);
}

export function machineInfo(chromium: string, date: Date, others: number, load: number[]): MachineInfo {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: load,
    loadAverageAtEnd: loadNow(),
    chromium,
    node: process.version,
    date: date.toISOString(),
    otherChromiumProcesses: others,
  };
}

function trainCell(r: BackendResult): string {
  const s = r.train.imagesPerSec;
  if (!s) return '—';
  return s.n > 1 ? `${fmt(s.median)} [${fmt(s.min)}–${fmt(s.max)}]` : `${fmt(s.median)} (1 run)`;
}

function sliderCell(r: BackendResult): string {
  const a = r.slider?.app;
  if (!a || a.n === 0) return '—';
  return `${fmt(a.median)} / ${fmt(a.p95)} (n=${a.n})`;
}

function observedCell(r: BackendResult): string {
  const o = r.slider?.observed;
  if (!o || o.n === 0) return '—';
  return `${fmt(o.median)} / ${fmt(o.p95)} (n=${o.n})`;
}

export function table(results: readonly BackendResult[]): string {
  const head = [
    '| backend | train img/s (median [min–max]) | inference img/s | slider ms median / p95 | slider, every move (bench) | fine-tune s/epoch (N imgs) | IMDB reviews/s | peak tensors | other CPU |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const rows = results.map((r) => {
    const other = r.otherCpuShare === null ? '—' : `${Math.round(r.otherCpuShare * 100)} %`;
    if (r.status === 'skipped') return `| ${r.backend} | skipped (see notes) | — | — | — | — | — | — | ${other} |`;
    const ft = r.finetune ? `${fmt(r.finetune.seconds)} s (${r.finetune.images} imgs, ${fmt(r.finetune.imagesPerSec)} img/s)` : '—';
    return `| ${r.backend} | ${trainCell(r)} | ${fmt(r.inference?.imagesPerSec)} | ${sliderCell(r)} | ${observedCell(r)} | ${ft} | ${fmt(r.imdb?.medianImagesPerSec)} | ${r.peakTensors ?? '—'} | ${other} |`;
  });
  return [...head, ...rows].join('\n');
}

export function details(results: readonly BackendResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    const o = r.slider?.observed;
    const parts = [
      r.detail ?? '',
      `train=${r.config.train} test=${r.config.test} runs=${r.config.runsDone}/${r.config.runsRequested}`,
      o && r.slider
        ? `slider: ${r.slider.moves} moves every ${fmt(r.slider.achievedIntervalMs)} ms (planned ${r.slider.intervalMs} ms), ` +
          `input handler+render ${fmt(r.slider.inputMs.median)} ms median, ${r.slider.longTasks.count} long tasks (max ${fmt(r.slider.longTasks.maxMs)} ms); ` +
          `max ${fmt(o.max)} ms, ${o.superseded} moves replaced by a newer one before drawn` +
          (o.unresolved ? `, ${o.unresolved} moves never shown` : '')
        : '',
      r.sliderSlow
        ? `slow drag (${r.sliderSlow.moves} moves every ${r.sliderSlow.intervalMs} ms): app ${fmt(r.sliderSlow.app.median)} / ${fmt(r.sliderSlow.app.p95)} ms (n=${r.sliderSlow.app.n}), ` +
          `every move ${fmt(r.sliderSlow.observed.median)} / ${fmt(r.sliderSlow.observed.p95)} ms, max ${fmt(r.sliderSlow.observed.max)} ms, ${r.sliderSlow.observed.superseded} replaced before drawn`
        : '',
      r.finetune ? `fine-tune ≈ ${fmt(r.finetune.fullEpochSeconds)} s per 60k-image epoch` : '',
      r.compact
        ? `compact (50 % channels): ${r.compact.denseParams} → ${r.compact.compactParams} params, inference ${fmt(r.compact.denseImagesPerSec)} → ${fmt(r.compact.compactImagesPerSec)} img/s, max |Δ| ${r.compact.maxDiff}`
        : '',
      `${fmt(r.seconds)} s`,
      r.otherCpuShare !== null && r.otherCpuShare > 0.15 ? `other processes took ${Math.round(r.otherCpuShare * 100)} % of the CPU: figures likely low` : '',
    ].filter(Boolean);
    lines.push(`- ${r.backend}: ${parts.join('; ')}`);
    for (const n of r.notes) lines.push(`  - note: ${n}`);
  }
  return lines.join('\n');
}

export function machineLines(m: MachineInfo): string {
  return [
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; load average (1/5/15 min) at start ${m.loadAverageAtStart.join(' ')}, at end ${m.loadAverageAtEnd.join(' ')}`,
    m.loadAverageAtStart[0] > m.cores * 0.75 ? `Warning: the machine was busy at start (load ${m.loadAverageAtStart[0]} on ${m.cores} cores): figures may be low.` : '',
    `Browser: ${m.chromium} (headless); Node ${m.node}; ${m.date}`,
    m.otherChromiumProcesses ? `Warning: ${m.otherChromiumProcesses} other Chromium process(es) were running at start: figures may be low.` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export interface BenchFile {
  readonly version: 1;
  readonly command: string;
  readonly options: { backends: string[]; runs: number; port: number; build: boolean; maxSeconds: number; quietWait: number };
  readonly machine: MachineInfo;
  readonly totalSeconds: number;
  readonly buildSeconds: number | null;
  /** Seconds waited before each backend for other processes to calm down, and their last CPU share. */
  readonly quietWaits: readonly { backend: string; seconds: number; otherCpuShare: number | null }[];
  readonly results: readonly BackendResult[];
  /** The PyTorch peer's figures (`--peer torch`), or null when not asked for. */
  readonly peer: PeerResult | null;
  /** The sparse kernels' whole-model and per-layer speed-ups (wasm only), or null when not measured. */
  readonly sparse?: readonly SparseBenchLine[] | null;
  /** The slider timed with the sparse kernels on and off on one page (wasm only), or null when not measured. */
  readonly sliderSparse?: SliderSparseResult | null;
  /** The exported model.onnx in onnxruntime-web (`--peer ort`), or null when not asked for. */
  readonly ortPeer?: OrtPeerResult | null;
}

/** Writes bench-results/bench-<timestamp>.json and bench-results/latest.json; returns the first path. */
export function writeResults(file: BenchFile, root: string): string {
  const dir = resolve(root, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const stamp = file.machine.date.replace(/[:.]/g, '-');
  const path = resolve(dir, `bench-${stamp}.json`);
  const text = `${JSON.stringify(file, null, 2)}\n`;
  writeFileSync(path, text);
  writeFileSync(resolve(dir, 'latest.json'), text);
  return path;
}
