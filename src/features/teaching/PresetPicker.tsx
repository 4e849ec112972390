// Presets ("The tutorial", "Han et al. 12×", "Lottery ticket") and a one-line summary of the
// pruning method in force (criterion, structure, schedule), so a value set by a preset or a
// link is visible even where its own control is hidden or not on the page.

import type { HideableControl } from '../../kit/controls';
import { criterionWords } from '../../kit/methodText';
import { matchPreset, PRESETS, type Preset, type PresetSettings } from './presets';

const STRUCTURE_WORDS: Record<PresetSettings['structure'], string> = {
  weights: 'single weights',
  channels: 'whole channels',
  nm: 'N of every M weights (N:M)',
};
const SCHEDULE_WORDS: Record<PresetSettings['schedule'], string> = {
  oneshot: 'one-shot',
  iterative: 'iterative (prune, fine-tune, repeat)',
  agp: 'gradual (AGP)',
  lottery: 'lottery ticket (rewind and retrain)',
};

interface Props {
  readonly current: PresetSettings;
  readonly shown: (control: HideableControl) => boolean;
  readonly onApply: (preset: Preset) => void;
}

export function PresetPicker({ current, shown, onApply }: Props) {
  const matched = matchPreset(current);
  const parts = [
    shown('criterion') && `criterion: ${criterionWords(current.criterion)}`,
    shown('structure') && `structure: ${STRUCTURE_WORDS[current.structure]}`,
    shown('schedule') && `schedule: ${SCHEDULE_WORDS[current.schedule]}`,
  ].filter((p): p is string => typeof p === 'string');
  return (
    <div className="preset-bar">
      {shown('presets') && (
        <label className="preset-picker">
          Preset{' '}
          <select
            data-testid="preset-select"
            value={matched?.id ?? ''}
            onChange={(e) => {
              const preset = PRESETS.find((p) => p.id === e.currentTarget.value);
              if (preset) onApply(preset);
            }}
          >
            <option value="">Your own settings</option>
            {PRESETS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {parts.length > 0 && (
        <p className="method-summary" data-testid="method-summary">
          {parts.join(' · ')}
        </p>
      )}
      {matched && shown('presets') && (
        <p className="metric-help" data-testid="preset-story">
          {matched.story}
        </p>
      )}
    </div>
  );
}
