// Which layers the method prunes, and which of them lose whole rows (an embedding's words)
// instead of single weights.

import type { PruneMethod } from '../../core/method';
import type { ModelInfo } from '../../core/models/catalog';

interface Props {
  readonly info: ModelInfo;
  readonly method: PruneMethod;
  readonly disabled: boolean;
  readonly onChange: (next: PruneMethod) => void;
}

export function LayerPicker({ info, method, disabled, onChange }: Props) {
  const toggleLayer = (layer: string) => {
    const on = method.layers.includes(layer);
    const layers = info.prunableLayers.filter((l) => (l === layer ? !on : method.layers.includes(l)));
    onChange({ ...method, layers });
  };
  const toggleRows = (layer: string) => {
    const on = method.rowLayers.includes(layer);
    onChange({ ...method, rowLayers: on ? method.rowLayers.filter((l) => l !== layer) : info.rowLayers.filter((l) => l === layer || method.rowLayers.includes(l)) });
  };
  return (
    <fieldset className="layer-toggles" disabled={disabled}>
      <legend>Layers to prune</legend>
      {info.prunableLayers.map((l) => (
        <label key={l}>
          <input
            type="checkbox"
            data-testid={`layer-toggle-${l}`}
            checked={method.layers.includes(l)}
            // The last chosen layer stays: pruning needs at least one.
            disabled={method.layers.length === 1 && method.layers[0] === l}
            title={method.layers.length === 1 && method.layers[0] === l ? 'At least one layer is pruned' : undefined}
            onChange={() => toggleLayer(l)}
          />{' '}
          {l}
        </label>
      ))}
      {info.rowLayers
        .filter((l) => method.layers.includes(l))
        .map((l) => (
          <label key={`${l}-rows`} className="rows-toggle">
            <input type="checkbox" data-testid={`rows-toggle-${l}`} checked={method.rowLayers.includes(l)} onChange={() => toggleRows(l)} /> prune {l} by whole rows (one row = one
            word, ranked by its L2 norm; always per layer)
          </label>
        ))}
    </fieldset>
  );
}
