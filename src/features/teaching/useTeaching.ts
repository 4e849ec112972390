// Teaching and sharing glue: the pruning method (criterion, structure, schedule), the theme,
// the URL kept in step with every control, presets applied to the controls, and what the
// guided tour may do (train, move the slider, fine-tune).

import { isBusy } from '../../shell/labState';
import type { UrlState } from '../../shell/urlState';
import type { TourLab } from './GuidedTour';
import type { Preset, PresetSettings } from './presets';
import { useMethod, type PruneMethod } from '../prune/useMethod';
import type { LabApi } from '../../shell/useLab';
import type { PruneControls } from '../prune/usePruneControls';
import { useTheme, type ThemeApi } from '../../shell/useTheme';
import { useUrlSync } from '../../shell/useUrlSync';

export interface TeachingApi {
  readonly method: PruneMethod;
  readonly setMethod: (patch: Partial<PruneMethod>) => void;
  readonly theme: ThemeApi;
  /** Everything on screen now, as URL state, and its link. */
  readonly urlState: UrlState;
  readonly link: string;
  readonly current: PresetSettings;
  readonly applyPreset: (preset: Preset) => void;
  readonly tour: TourLab;
}

export function useTeaching(settings: UrlState, lab: LabApi, controls: PruneControls): TeachingApi {
  const { method, setMethod } = useMethod(settings);
  const theme = useTheme(settings.theme);
  const { rate, scope } = controls.request;
  const current: PresetSettings = { rate, scope, ...method };
  const urlState: UrlState = { ...settings, ...current, theme: theme.chosen };
  const link = useUrlSync(urlState);
  const { state } = lab;
  return {
    method,
    setMethod,
    theme,
    urlState,
    link,
    current,
    applyPreset: ({ settings: p }) => {
      controls.setRateAndScope(p.rate, p.scope);
      setMethod({ criterion: p.criterion, structure: p.structure, schedule: p.schedule });
    },
    tour: {
      trained: state.prune.checkpoints.length > 0,
      canTrain: state.phase === 'ready' && state.dataset !== null,
      busy: isBusy(state),
      onTrain: lab.train,
      onSetRate: controls.setRate,
      onFinetune: () => lab.finetune(1),
    },
  };
}
