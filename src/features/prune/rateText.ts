// What the pruning rate means, in words, for each structure and scope, and the channel
// summary the compare panel shows: both derived from the method and from the model on
// screen (actual channel counts and zeros), so the sentence is true whatever the numbers.

import type { PruneMethod } from '../../core/method';
import { criterionUnit } from '../../core/criteria';
import type { ModelView } from '../../core/prune/view';
import { formatCount, formatPercent } from '../../kit/format';

/** A criterion's score per weight, as a channel ranking reads it. */
function perWeightScore(method: Pick<PruneMethod, 'criterion'>): string {
  return criterionUnit(method.criterion).scoresAreMagnitudes ? 'mean |w| (L1 norm ÷ fan-in)' : `mean ${method.criterion} score per weight (sum ÷ fan-in)`;
}

/** One sentence under the slider: what the rate removes, for the method in use. */
export function rateMeaning(method: Pick<PruneMethod, 'criterion' | 'structure' | 'scope' | 'nm'>): string {
  if (method.structure === 'nm') {
    const [n, m] = method.nm.split(':').map(Number);
    return `The N:M pattern sets the sparsity, not the slider: ${m - n} of every ${m} weights (${formatPercent((m - n) / m, 0)} of each selected layer).`;
  }
  if (method.structure === 'channels') {
    return method.scope === 'layer'
      ? `Rate = the share of each selected layer's channels (filters / neurons) removed, those with the lowest ${method.criterion} scores summed over the channel; the output layer keeps its classes.`
      : `Rate = the share of the selected layers' weights held by removed channels: channels are ranked across layers by ${perWeightScore(method)}, so layers of different fan-in compare, and removed lowest first; the output layer keeps its classes.`;
  }
  const what = criterionUnit(method.criterion).scoresAreMagnitudes ? 'the smallest-magnitude (L1) weights' : `the weights with the lowest ${method.criterion} scores`;
  return `Sets ${what} to zero, counted from the checkpoint pruning starts from.`;
}

/** The compare panel's channel summary: channels removed, what the rate counted, and where the zeros come from. */
export function channelSummary(view: Pick<ModelView, 'layers' | 'selected' | 'method'>): string {
  const layers = view.layers.filter((l) => l.channels);
  const total = layers.reduce((s, l) => s + (l.channels?.total ?? 0), 0);
  const removed = layers.reduce((s, l) => s + (l.channels?.pruned ?? 0), 0);
  const perLayer = layers.filter((l) => (l.channels?.pruned ?? 0) > 0).map((l) => `${l.name} ${l.channels?.pruned}/${l.channels?.total}`).join(', ');
  const dead = view.layers.reduce((s, l) => s + (l.selected ? l.deadInputs : 0), 0);
  const own = view.selected.zeros - dead;
  const channels = `${formatCount(removed)} of ${formatCount(total)} prunable channels removed (${formatPercent(total ? removed / total : 0, 1)}${perLayer ? `: ${perLayer}` : ''})`;
  const rate =
    view.method.scope === 'layer'
      ? `Per layer, the rate is the share of each layer's channels removed: ${channels}.`
      : `Global, the rate is the share of the selected weights held by removed channels, ranked by ${perWeightScore(view.method)}: ${channels}.`;
  const zeros =
    dead > 0
      ? ` Zero weights: ${formatPercent(view.selected.sparsity, 1)} of the selected layers — ${formatCount(own)} in the removed channels (and zeros the checkpoint already had), and ${formatCount(dead)} in the next layers' weights that read a removed channel.`
      : ` Zero weights: ${formatPercent(view.selected.sparsity, 1)} of the selected layers.`;
  return rate + zeros;
}
