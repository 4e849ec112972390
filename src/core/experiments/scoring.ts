// The pruning session's scoring: which criterion ranks the weights of an anchor, with its
// seed and gradient batches. Magnitude and random scores are plain-array work; taylor and
// fisher need gradients of the anchor's weights, so they write it into the model first.

import { PruneController } from '../prune/controller';
import type { GradientOptions } from '../prune/gradients';
import { criterionScores } from '../prune/scores';
import { scoreController, type LabContext } from './context';
import { type Criterion, needsGradients } from '../method';
import { type WeightSnapshot, kernelName } from '../weights';

/** How weights are scored: the criterion, its seed (random; gradient batches) and gradient batches. */
export interface ScoringSettings {
  readonly criterion: Criterion;
  readonly seed: number;
  readonly gradients: GradientOptions;
}

export const DEFAULT_SCORING: ScoringSettings = { criterion: 'magnitude', seed: 1, gradients: {} };

/** A controller for `anchor` without touching the model, or null when the criterion needs gradients. */
export function plainController(layers: readonly string[], anchor: WeightSnapshot, s: ScoringSettings): PruneController | null {
  if (needsGradients(s.criterion)) return null;
  if (s.criterion === 'magnitude') return new PruneController(layers, anchor);
  const kernels = layers.map((l) => anchor.values[anchor.names.indexOf(kernelName(l))]);
  return new PruneController(layers, anchor, { scores: criterionScores(s.criterion, kernels, null, s.seed), criterion: s.criterion });
}

/** A controller for `anchor` under any criterion (gradient criteria leave the anchor in the model). */
export async function scoredController(ctx: LabContext, anchor: WeightSnapshot, s: ScoringSettings, signal?: AbortSignal): Promise<PruneController> {
  return plainController(ctx.layers, anchor, s) ?? scoreController(ctx, anchor, s.criterion, s.seed, { ...s.gradients, signal });
}
