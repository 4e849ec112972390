// Switches between the registered models. The URL is the source of truth, so switching
// navigates to the new model's link (its own data, default sizes) and keeps backend and seed.

import { MODEL_IDS, MODEL_INFO, type ModelId } from '../../core/models/catalog';
import { defaultsFor, toSearch, type UrlState } from '../../shell/urlState';

export function ModelPicker({ settings }: { settings: UrlState }) {
  const choose = (model: ModelId) => {
    const next = { ...defaultsFor(model), backend: settings.backend, seed: settings.seed };
    window.location.search = toSearch(next) || '?';
  };
  return (
    <label className="model-picker">
      Model{' '}
      <select
        data-testid="model-select"
        value={settings.model}
        onChange={(e) => {
          const value = e.currentTarget.value;
          const model = MODEL_IDS.find((m) => m === value);
          if (model) choose(model);
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
