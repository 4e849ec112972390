// Compaction as a measured experiment: from a channel-pruned model (weights = anchor ⊙
// mask), build the smaller dense model, check that it computes the same outputs as the
// masked model, and time both: parameters, bytes and inference speed side by side.

import type * as tf from '@tensorflow/tfjs';
import { writeWeights } from '../train/modelWeights';
import { compactModel, modelFootprint } from './compact';
import type { PruneOutcome } from '../prune/controller';
import { inferenceSpeed, inputBatches, maxOutputDifference, type SpeedOptions } from './latency';
import type { LabContext } from './context';
import type { WeightSnapshot } from '../weights';
import type { CompactSummary } from '../results/compact';

export interface CompactOptions {
  readonly diffExamples?: number;
  readonly speed?: SpeedOptions;
}

/**
 * Writes `weights` (the masked model) into ctx.model, compacts it with the outcome's
 * channel masks and measures both. Returns the compact model too: dispose it when done.
 */
/** The outcome's output-channel masks by layer name, and the channels each layer keeps. */
export function channelMasksOf(layers: readonly string[], outcome: PruneOutcome) {
  const channelMasks = new Map<string, Uint8Array>();
  const channels: { layer: string; kept: number; total: number }[] = [];
  layers.forEach((layer, i) => {
    const m = outcome.channelMasks[i];
    if (!m) return;
    channelMasks.set(layer, m);
    channels.push({ layer, kept: m.reduce((a, b) => a + b, 0), total: m.length });
  });
  return { channelMasks, channels };
}

export async function compactAndMeasure(
  ctx: LabContext,
  weights: WeightSnapshot,
  outcome: PruneOutcome,
  opts: CompactOptions = {},
): Promise<{ summary: CompactSummary; model: tf.Sequential }> {
  if (outcome.stats.structure !== 'channels') throw new Error('Compact needs channel pruning (structure=channels).');
  const { channelMasks, channels } = channelMasksOf(ctx.layers, outcome);
  writeWeights(ctx.model, weights);
  const compact = compactModel({ model: ctx.model, weights, channelMasks });
  try {
    const diffExamples = opts.diffExamples ?? 1000;
    const inputs = inputBatches(ctx.testSet, diffExamples, 250);
    const examples = inputs.reduce((s, x) => s + x.shape[0], 0);
    let maxDiff: number;
    try {
      maxDiff = await maxOutputDifference(ctx.model, compact, inputs);
    } finally {
      inputs.forEach((t) => t.dispose());
    }
    const denseSpeed = await inferenceSpeed(ctx.model, ctx.testSet, opts.speed);
    const compactSpeed = await inferenceSpeed(compact, ctx.testSet, opts.speed);
    const summary = { dense: modelFootprint(ctx.model), compact: modelFootprint(compact), denseSpeed, compactSpeed, maxDiff, diffExamples: examples, channels };
    return { summary, model: compact };
  } catch (e) {
    compact.dispose();
    throw e;
  }
}
