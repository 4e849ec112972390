// How an anchor is scored: the one place that turns a criterion (its unit in
// criteria/) into a PruneController. Criteria that read only the weights score in
// plain arrays without touching the model; those that need statistics of the model on
// training data (gradients, layer inputs) write the anchor into the model first and gather
// them over a few seeded batches; the caller re-writes whatever the model should hold after.

import { writeWeights } from '../train/modelWeights';
import { PruneController } from '../prune/controller';
import { criterionUnit } from '../criteria';
import type { ScoreInput } from '../criteria/criterion';
import { gradientStats, type GradientOptions } from './gradients';
import { inputNorms } from './inputNorms';
import type { Criterion } from '../method';
import { kernelShape, layerKernels, type WeightSnapshot } from '../weights';
import type { LabContext, PruneSpec } from './context';

/** How a criterion scores: the seed (random scores; which statistics batches) and the statistics batches. */
export interface ScoringOptions {
  readonly seed: number;
  readonly gradients: GradientOptions;
}

export const DEFAULT_SCORING: ScoringOptions = { seed: 1, gradients: {} };

function scoreInput(anchor: WeightSnapshot, layers: readonly string[], seed: number, stats: Pick<ScoreInput, 'gradients' | 'inputs'>): ScoreInput {
  return { kernels: layerKernels(anchor, layers), shapes: layers.map((l) => kernelShape(anchor, l)), seed, ...stats };
}

/**
 * A controller for `anchor` under `criterion`, with `seed` and the statistics batches.
 * Criteria that need statistics leave the anchor in the model.
 */
export async function scoreController(ctx: LabContext, anchor: WeightSnapshot, criterion: Criterion, seed: number, gradients: GradientOptions = {}): Promise<PruneController> {
  const unit = criterionUnit(criterion);
  const opts = { seed, ...gradients };
  let stats: Pick<ScoreInput, 'gradients' | 'inputs'> = { gradients: null, inputs: null };
  if (unit.needs !== 'weights') writeWeights(ctx.model, anchor);
  if (unit.needs === 'gradients') stats = { gradients: await gradientStats(ctx.model, ctx.layers, ctx.trainSet, ctx.task, opts), inputs: null };
  if (unit.needs === 'inputs') stats = { gradients: null, inputs: await inputNorms(ctx.model, ctx.layers, ctx.trainSet, opts) };
  return new PruneController(ctx.layers, anchor, { scores: unit.score(scoreInput(anchor, ctx.layers, seed, stats)), criterion });
}

/** The session's controller for `anchor` (options as the session keeps them). */
export function scoredController(ctx: LabContext, anchor: WeightSnapshot, criterion: Criterion, s: ScoringOptions, signal?: AbortSignal): Promise<PruneController> {
  return scoreController(ctx, anchor, criterion, s.seed, { ...s.gradients, signal });
}

/** A job's controller for `anchor` under its spec's criterion; `k` varies the seed per step. */
export function specController(ctx: LabContext, anchor: WeightSnapshot, spec: PruneSpec, signal?: AbortSignal, k = 0): Promise<PruneController> {
  return scoreController(ctx, anchor, spec.method.criterion, spec.seed + k, { ...spec.gradients, signal });
}
