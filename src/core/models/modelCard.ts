// The model card's content, derived from a model description (no tfjs): a one-line
// summary of the layer chain and one row per layer saying what it does and how many
// parameters it holds, and how it can be pruned (whole channels, or why not). Nothing here is typed by hand per model, so a new or imported
// description gets a correct card.

import { layerShapes, paramCount, type LayerDescription, type LayerShape, type ModelDescription } from './description';

export interface CardRow {
  readonly name: string;
  readonly what: string;
  readonly params: number;
  /** How the layer can be pruned: single weights, and whether whole channels too (or why not); '' when it is not prunable. */
  readonly pruning: string;
}

export interface ModelCardContent {
  /** e.g. "LeNet-5: conv → pool → conv → pool → dense → dense". */
  readonly summary: string;
  readonly rows: readonly CardRow[];
  readonly params: number;
}

type CardDescription = Pick<ModelDescription, 'family' | 'input' | 'layers' | 'itemLabel'>;

const count = (n: number) => n.toLocaleString('en-US');
const ACTIVATION_TEXT: Readonly<Record<string, string>> = { relu: ', ReLU', tanh: ', tanh', sigmoid: ', sigmoid' };
const activationText = (a: string) => ACTIVATION_TEXT[a] ?? '';

/** The card rows of one layer (an averaging embedding adds a parameter-free "mean" row). */
function rowsOf(s: LayerShape, desc: CardDescription): Omit<CardRow, 'pruning'>[] {
  const l = s.layer;
  switch (l.kind) {
    case 'conv2d': {
      const [kh, kw] = l.kernelShape ?? [l.kernelSize, l.kernelSize];
      const extra = `${(l.strides ?? 1) > 1 ? `, stride ${l.strides ?? 1}` : ''}${l.padding === 'same' ? ', same padding' : ''}${l.useBias === false ? ', no bias' : ''}`;
      return [{ name: l.name, what: `${l.filters} filters ${kh}×${kw}${extra}${activationText(l.activation)}`, params: s.params }];
    }
    case 'batchNorm':
      return [{ name: l.name, what: `batch norm over ${count(s.outShape[s.outShape.length - 1])} channels (ε ${l.epsilon})`, params: s.params }];
    case 'activation':
      return [{ name: l.name, what: l.activation === 'leakyRelu' ? `LeakyReLU ${l.alpha ?? 0.01}` : activationText(l.activation).slice(2), params: 0 }];
    case 'avgPool2d':
      return [{ name: l.name, what: `average-pool ${l.poolSize}×${l.poolSize}`, params: 0 }];
    case 'globalAvgPool2d':
      return [{ name: l.name, what: 'global average-pool', params: 0 }];
    case 'zeroPad2d':
      return [{ name: l.name, what: `zero padding ${l.pads.join(', ')}`, params: 0 }];
    case 'maxPool2d':
      return [{ name: l.name, what: `max-pool ${l.poolSize}×${l.poolSize}`, params: 0 }];
    case 'flatten':
      return [];
    case 'dense': {
      const note = l.note ? ` (${l.note})` : '';
      return [{ name: l.name, what: `dense ${count(s.inShape[0])} → ${count(l.units)}${activationText(l.activation)}${note}`, params: s.params }];
    }
    case 'embedding': {
      const input = desc.input;
      const ids = input.kind === 'tokens' ? ` (${input.padId} = padding, ${input.unkId} = unknown)` : '';
      const item = desc.itemLabel.replace(/s$/, '');
      return [
        { name: l.name, what: `${count(s.inShape[0])} words × ${l.dim}${ids}`, params: s.params },
        { name: 'mean', what: `average over the ${item}'s real tokens (padding excluded)`, params: 0 },
      ];
    }
  }
}

const CHAIN: Readonly<Record<string, string>> = { conv2d: 'conv', batchNorm: 'BN', maxPool2d: 'pool', avgPool2d: 'pool', globalAvgPool2d: 'global pool', dense: 'dense', embedding: 'embedding → mean' };

/** "weights, whole channels", or "weights only: …why not…", for a prunable layer; '' otherwise. */
function pruningText(layer: LayerDescription, last: boolean): string {
  const role = 'prune' in layer ? layer.prune : undefined;
  if (!role) return '';
  const unit = layer.kind === 'conv2d' ? 'filters' : layer.kind === 'embedding' ? 'dimensions' : 'neurons';
  if (role.channels) return `weights, or whole ${unit}`;
  const why = role.channelsWhyNot ?? (last ? `its ${unit} are the model's outputs` : `removing them is not supported here`);
  return `weights only (no whole ${unit}: ${why})`;
}

export function modelCard(desc: CardDescription): ModelCardContent {
  const shapes = layerShapes(desc);
  const chain = desc.layers.flatMap((l) => (CHAIN[l.kind] ? [CHAIN[l.kind]] : []));
  const weighted = desc.layers.filter((l) => 'prune' in l && l.prune !== undefined);
  const lastWeighted = weighted[weighted.length - 1];
  return {
    summary: `${desc.family}: ${chain.join(' → ')}`,
    rows: shapes.flatMap((s) => rowsOf(s, desc).map((r, i) => ({ ...r, pruning: i === 0 ? pruningText(s.layer, s.layer === lastWeighted) : '' }))),
    params: paramCount(desc),
  };
}
