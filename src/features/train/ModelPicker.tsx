// Switches between the registered models. The URL is the source of truth, so switching
// navigates to the new model's link (the shell builds it: its own data, default sizes).

import { MODEL_IDS, MODEL_INFO, type ModelId } from '../../core/models/catalog';

interface Props {
  readonly model: ModelId;
  /** The link that opens `model` with this page's backend and seed. */
  readonly hrefFor: (model: ModelId) => string;
}

export function ModelPicker({ model, hrefFor }: Props) {
  return (
    <label className="model-picker">
      Model{' '}
      <select
        data-testid="model-select"
        value={model}
        onChange={(e) => {
          const value = e.currentTarget.value;
          const next = MODEL_IDS.find((m) => m === value);
          if (next) window.location.href = hrefFor(next);
        }}
      >
        {MODEL_IDS.map((m) => (
          <option key={m} value={m}>
            {MODEL_INFO[m].label}
          </option>
        ))}
      </select>
    </label>
  );
}
