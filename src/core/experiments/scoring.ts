// The pruning session's scoring: which criterion ranks the weights of an anchor, with its
// seed and gradient batches. Magnitude and random scores are plain-array work; taylor and
// fisher need gradients of the anchor's weights, so they write it into the model first.

import { PruneController } from '../prune/controller';
import type { GradientOptions } from '../prune/gradients';
import { criterionScores } from '../prune/scores';
import { scoreController, type LabContext } from './context';
import { type Criterion, needsGradients } from '../method';
import { layerKernels, type WeightSnapshot } from '../weights';

/** How a criterion scores: the seed (random scores; which gradient batches) and the gradient batches. */
export interface ScoringOptions {
  readonly seed: number;
  readonly gradients: GradientOptions;
}

export const DEFAULT_SCORING: ScoringOptions = { seed: 1, gradients: {} };

/** A controller for `anchor` without touching the model, or null when the criterion needs gradients. */
export function plainController(layers: readonly string[], anchor: WeightSnapshot, criterion: Criterion, s: ScoringOptions): PruneController | null {
  if (needsGradients(criterion)) return null;
  if (criterion === 'magnitude') return new PruneController(layers, anchor);
  return new PruneController(layers, anchor, { scores: criterionScores(criterion, layerKernels(anchor, layers), null, s.seed), criterion });
}

/** A controller for `anchor` under any criterion (gradient criteria leave the anchor in the model). */
export async function scoredController(ctx: LabContext, anchor: WeightSnapshot, criterion: Criterion, s: ScoringOptions, signal?: AbortSignal): Promise<PruneController> {
  return plainController(ctx.layers, anchor, criterion, s) ?? scoreController(ctx, anchor, criterion, s.seed, { ...s.gradients, signal });
}
