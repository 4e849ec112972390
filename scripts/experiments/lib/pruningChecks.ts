// Independent checks of PruneSession's results for scripts/experiments/measure-pruning.ts: plain
// sort-by-|w| magnitude masks (no src/core pruning code) to compare against the session's
// masks, and a count of the zeros actually stored in a pruned, fine-tuned model's kernels.
// Why this file exists: these are pure array computations, kept apart from the script's
// sequence of experiments so they can be read (and reused) on their own.
import type { Scope } from '../../../src/core/method';

export function must<T>(map: ReadonlyMap<string, T>, key: string): T {
  const v = map.get(key);
  if (v === undefined) throw new Error(`missing ${key}`);
  return v;
}

/**
 * The dense kernels with the smallest-magnitude `rate` of weights set to 0, per layer
 * (`scope: 'layer'`) or across all layers (`'global'`).
 */
export function plainMagnitudeMasks(
  denseKernels: ReadonlyMap<string, Float32Array>,
  layers: readonly string[],
  rate: number,
  scope: Scope,
): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const prune = (entries: { layer: string; index: number; mag: number }[], k: number) => {
    entries.sort((a, b) => a.mag - b.mag);
    for (let i = 0; i < k; i++) must(out, entries[i].layer)[entries[i].index] = 0;
  };
  for (const layer of layers) out.set(layer, Float32Array.from(must(denseKernels, layer)));
  if (scope === 'layer') {
    for (const layer of layers) {
      const k = must(denseKernels, layer);
      prune(Array.from(k, (v, index) => ({ layer, index, mag: Math.abs(v) })), Math.round(rate * k.length));
    }
  } else {
    const all = layers.flatMap((layer) => Array.from(must(denseKernels, layer), (v, index) => ({ layer, index, mag: Math.abs(v) })));
    prune(all, Math.round(rate * all.length));
  }
  return out;
}

/** Weights whose kept/pruned status differs between plain masks and the session's masks. */
export function countMaskDifferences(
  layers: readonly string[],
  pruned: ReadonlyMap<string, Float32Array>,
  sessionMasks: readonly ArrayLike<number>[],
): number {
  let maskDifferences = 0;
  layers.forEach((layer, i) => {
    const mine = must(pruned, layer);
    const theirs = sessionMasks[i];
    for (let j = 0; j < mine.length; j++) if ((mine[j] === 0) !== (theirs[j] === 0)) maskDifferences++;
  });
  return maskDifferences;
}

export interface LayerCheck {
  readonly name: string;
  readonly size: number;
  readonly zeros: number;
  readonly maskedZeros: number;
  readonly masked: number;
  readonly keptZeros: number;
  /** Zeros stored as -0 (0x80000000): they count as zero but gzip worse than +0. */
  readonly negativeZeros: number;
}

/** Zeros in one layer's kernel `values`, split by whether `mask` pruned them. */
export function checkLayer(name: string, values: ArrayLike<number>, mask: ArrayLike<number>): LayerCheck {
  let zeros = 0;
  let maskedZeros = 0;
  let masked = 0;
  let negativeZeros = 0;
  for (let j = 0; j < values.length; j++) {
    const z = values[j] === 0;
    if (z) zeros++;
    if (z && Object.is(values[j], -0)) negativeZeros++;
    if (mask[j] === 0) {
      masked++;
      if (z) maskedZeros++;
    }
  }
  return { name, size: values.length, zeros, maskedZeros, masked, keptZeros: zeros - maskedZeros, negativeZeros };
}

export interface SparsitySummary {
  readonly totalSize: number;
  readonly totalZeros: number;
  readonly totalMasked: number;
  readonly allMaskedZero: boolean;
  readonly totalNegativeZeros: number;
  /** totalZeros / totalSize. */
  readonly sparsity: number;
}

export function summarizeChecks(checks: readonly LayerCheck[]): SparsitySummary {
  const totalSize = checks.reduce((s, c) => s + c.size, 0);
  const totalZeros = checks.reduce((s, c) => s + c.zeros, 0);
  const totalMasked = checks.reduce((s, c) => s + c.masked, 0);
  const allMaskedZero = checks.every((c) => c.maskedZeros === c.masked);
  const totalNegativeZeros = checks.reduce((s, c) => s + c.negativeZeros, 0);
  return { totalSize, totalZeros, totalMasked, allMaskedZero, totalNegativeZeros, sparsity: totalZeros / totalSize };
}
