// Channel-level pruning masks for a chain of prunable layers (see structure.ts for the
// layout rules): the channels each layer loses, expanded to weight masks, with the next
// layer's dead inputs zeroed and the removed channels' biases masked. The last prunable
// layer is the model's output: it keeps every neuron (a classifier cannot lose a class).

import { countZeros } from './masks';
import { channelSums, expandChannels, maskDeadInputs, outChannels, selectChannels } from './structure';
import { biasName } from '../weights';
import type { Scope } from '../method';

export interface ChannelLayerInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly scores: Float32Array;
  readonly hasBias: boolean;
}

export interface ChannelRequest {
  readonly rate: number;
  readonly scope: Scope;
  readonly include: ReadonlySet<string>;
  readonly cap: number | null;
}

export interface ChannelLayerResult {
  readonly mask: Uint8Array;
  /** Output-channel mask, null for the output layer (pruned only through dead inputs). */
  readonly channelMask: Uint8Array | null;
  readonly channels: { readonly total: number; readonly pruned: number; readonly threshold: number } | null;
  readonly deadInputs: number;
  readonly note: string | null;
}

export interface ChannelOutcome {
  readonly layers: readonly ChannelLayerResult[];
  readonly biasMasks: ReadonlyMap<string, Uint8Array>;
}

export const OUTPUT_LAYER_NOTE = 'output layer: keeps all its neurons; loses only the weights that read removed channels';

/** Channel sums per layer, cached by the caller (they depend only on the scores). */
export function layerChannelSums(layers: readonly ChannelLayerInput[]): Float32Array[] {
  return layers.map((l) => channelSums(l.scores, outChannels(l.shape)));
}

export function channelMasks(layers: readonly ChannelLayerInput[], sums: readonly Float32Array[], req: ChannelRequest): ChannelOutcome {
  const last = layers.length - 1;
  const selection = selectChannels(
    layers.map((l, i) => ({
      scores: sums[i],
      weightsPerChannel: l.scores.length / sums[i].length,
      included: i !== last && req.include.has(l.name),
    })),
    req.rate,
    req.scope,
    req.cap,
  );
  const biasMasks = new Map<string, Uint8Array>();
  const results = layers.map((l, i): ChannelLayerResult => {
    const isOutput = i === last;
    const channelMask = isOutput ? null : selection.masks[i];
    const mask = channelMask ? expandChannels(channelMask, l.scores.length) : new Uint8Array(l.scores.length).fill(1);
    const deadInputs = i > 0 ? maskDeadInputs(mask, outChannels(l.shape), selection.masks[i - 1]) : 0;
    if (channelMask && l.hasBias && countZeros(channelMask) > 0) biasMasks.set(biasName(l.name), Uint8Array.from(channelMask));
    return {
      mask,
      channelMask,
      channels: channelMask ? { total: channelMask.length, pruned: countZeros(channelMask), threshold: selection.thresholds[i] } : null,
      deadInputs,
      note: isOutput && req.include.has(l.name) ? OUTPUT_LAYER_NOTE : null,
    };
  });
  return { layers: results, biasMasks };
}
