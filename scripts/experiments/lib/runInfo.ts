// What a results file says about the run that produced it: date, commit (and whether the
// working tree differed from it), Node, tfjs, backend, platform; plus mean ± sd over seeds.
// Why this file exists: measure-nm.ts and measure-onnx.ts write docs/results/ files that
// must name the exact code and seeds they came from.

import { execFileSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs';

export interface RunInfo {
  readonly date: string;
  readonly commit: string;
  /** Files under src/ or scripts/ differed from the commit when the run started. */
  readonly dirty: boolean;
  readonly node: string;
  readonly tfjs: string;
  readonly backend: string;
  readonly platform: string;
}

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', args, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function runInfo(): RunInfo {
  return {
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--', 'src', 'scripts']) !== '',
    node: process.version,
    tfjs: tf.version.tfjs,
    backend: tf.getBackend(),
    platform: `${process.platform} ${process.arch}`,
  };
}

export function runLine(r: RunInfo): string {
  return `${r.date.slice(0, 10)}, commit ${r.commit}${r.dirty ? ' (with uncommitted changes in the tree)' : ''}, Node ${r.node}, tfjs ${r.tfjs} (${r.backend}), ${r.platform}`;
}

/** Mean and sample standard deviation (n − 1; NaN for one value). */
export function meanSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : Number.NaN;
  return { mean, sd };
}

/** "98.12 %" or "98.12 ± 0.05 %" for fractions. */
export function pctMeanSd(values: readonly number[]): string {
  const { mean, sd } = meanSd(values);
  return Number.isNaN(sd) ? `${(mean * 100).toFixed(2)} %` : `${(mean * 100).toFixed(2)} ± ${(sd * 100).toFixed(2)} %`;
}

/** Seeds from `--seeds 1,2,3` or `--seed N` (default 1). */
export function seedsFromArgs(argv: readonly string[] = process.argv): number[] {
  const at = (flag: string) => {
    const i = argv.indexOf(flag);
    return i > 0 ? argv[i + 1] : undefined;
  };
  const list = at('--seeds') ?? at('--seed') ?? '1';
  const seeds = list.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isInteger(s))) throw new Error(`--seeds needs integers, got ${list}`);
  return seeds;
}
