// The model card's content, derived from a model description (no tfjs): a one-line
// summary of the layer chain and one row per layer saying what it does and how many
// parameters it holds. Nothing here is typed by hand per model, so a new or imported
// description gets a correct card.

import { layerShapes, paramCount, type LayerShape, type ModelDescription } from './description';

export interface CardRow {
  readonly name: string;
  readonly what: string;
  readonly params: number;
}

export interface ModelCardContent {
  /** e.g. "LeNet-5: conv → pool → conv → pool → dense → dense". */
  readonly summary: string;
  readonly rows: readonly CardRow[];
  readonly params: number;
}

type CardDescription = Pick<ModelDescription, 'family' | 'input' | 'layers' | 'itemLabel'>;

const count = (n: number) => n.toLocaleString('en-US');
const activationText = (a: string) => (a === 'relu' ? ', ReLU' : '');

/** The card rows of one layer (an averaging embedding adds a parameter-free "mean" row). */
function rowsOf(s: LayerShape, desc: CardDescription): CardRow[] {
  const l = s.layer;
  switch (l.kind) {
    case 'conv2d':
      return [{ name: l.name, what: `${l.filters} filters ${l.kernelSize}×${l.kernelSize}${activationText(l.activation)}`, params: s.params }];
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

const CHAIN: Readonly<Record<string, string>> = { conv2d: 'conv', maxPool2d: 'pool', dense: 'dense', embedding: 'embedding → mean' };

export function modelCard(desc: CardDescription): ModelCardContent {
  const shapes = layerShapes(desc);
  const chain = desc.layers.flatMap((l) => (CHAIN[l.kind] ? [CHAIN[l.kind]] : []));
  return {
    summary: `${desc.family}: ${chain.join(' → ')}`,
    rows: shapes.flatMap((s) => rowsOf(s, desc)),
    params: paramCount(desc),
  };
}
