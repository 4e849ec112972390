// The pruning method next to the slider: importance criterion, structure (single weights or
// whole channels) and schedule, each with a one-line explanation. Non-one-shot schedules get
// their parameters and a Run button; the target sparsity is the slider's rate. A link can
// hide any of the three (hide=criterion,structure,schedule).

import { useState } from 'react';
import type { ScheduleParams, ScienceApi } from './useScience';
import type { ScienceUiState } from './scienceState';
import { CRITERIA, SCHEDULES, STRUCTURES, type HideableControl, type Schedule } from '../../shell/urlState';
import { JobStatus } from './JobStatus';
import { CRITERION_TEXT, SCHEDULE_TEXT, STRUCTURE_TEXT } from './methodText';

interface Props {
  readonly science: ScienceApi;
  readonly state: ScienceUiState;
  /** The slider's rate: the schedules' target sparsity. */
  readonly rate: number;
  readonly hidden: readonly HideableControl[];
}

function ScheduleRunner({ science, rate, schedule }: { science: ScienceApi; rate: number; schedule: Exclude<Schedule, 'oneshot'> }) {
  const [params, setParams] = useState<ScheduleParams>({ rounds: 3, epochs: 1, control: true });
  const number = (key: 'rounds' | 'epochs', label: string, max: number) => (
    <label>
      {label}{' '}
      <input
        type="number"
        data-testid={`schedule-${key}`}
        min={1}
        max={max}
        value={params[key]}
        disabled={!science.enabled}
        onChange={(e) => {
          const v = Math.round(Number(e.currentTarget.value));
          if (Number.isFinite(v)) setParams({ ...params, [key]: Math.min(max, Math.max(1, v)) });
        }}
      />
    </label>
  );
  const tooLow = rate < 0.01;
  return (
    <div className="schedule-runner">
      {schedule === 'iterative' && number('rounds', 'rounds', 10)}
      {number('epochs', schedule === 'iterative' ? 'fine-tuning epochs per round' : schedule === 'agp' ? 'training epochs' : 'retraining epochs', 10)}
      {schedule === 'lottery' && (
        <label>
          <input
            type="checkbox"
            checked={params.control}
            disabled={!science.enabled}
            onChange={(e) => setParams({ ...params, control: e.currentTarget.checked })}
          />{' '}
          also retrain from a random re-initialisation (control)
        </label>
      )}
      <button
        type="button"
        className="primary"
        data-testid="schedule-run"
        disabled={!science.enabled || tooLow}
        onClick={() => science.runSchedule(params)}
      >
        Run to {Math.round(rate * 100)}%
      </button>
      <span className="hint">
        {tooLow ? 'Set the slider to the target sparsity first.' : 'A finished run becomes a new checkpoint; a stopped one is discarded.'}
      </span>
    </div>
  );
}

export function MethodControls({ science, state, rate, hidden }: Props) {
  const shown = (c: HideableControl) => !hidden.includes(c);
  const { criterion, structure, schedule } = science.method;
  // Choosable before training (applied once a model exists), not while anything runs.
  const disabled = science.busy;
  return (
    <div className="method-controls">
      {shown('criterion') && (
        <div className="method-row">
          <label>
            Criterion{' '}
            <select
              data-testid="criterion-select"
              value={criterion}
              disabled={disabled}
              onChange={(e) => science.setCriterion(CRITERIA.find((c) => c === e.currentTarget.value) ?? 'magnitude')}
            >
              {CRITERIA.map((c) => (
                <option key={c} value={c}>
                  {CRITERION_TEXT[c].label} — {CRITERION_TEXT[c].formula}
                </option>
              ))}
            </select>
          </label>
          <span className="metric-help" data-testid="criterion-help">
            <code>{CRITERION_TEXT[criterion].formula}</code> {CRITERION_TEXT[criterion].help}
            {state.scored?.criterion === criterion && ` Scored in ${state.scored.seconds.toFixed(1)} s.`}
          </span>
        </div>
      )}
      {shown('structure') && (
        <div className="method-row">
          <label>
            Structure{' '}
            <select
              data-testid="structure-select"
              value={structure}
              disabled={disabled}
              onChange={(e) => science.setStructure(STRUCTURES.find((s) => s === e.currentTarget.value) ?? 'weights')}
            >
              {STRUCTURES.map((s) => (
                <option key={s} value={s}>
                  {STRUCTURE_TEXT[s].label} ({STRUCTURE_TEXT[s].formula})
                </option>
              ))}
            </select>
          </label>
          <span className="metric-help">{STRUCTURE_TEXT[structure].help}</span>
        </div>
      )}
      {shown('schedule') && (
        <div className="method-row">
          <label>
            Schedule{' '}
            <select
              data-testid="schedule-select"
              value={schedule}
              disabled={disabled}
              onChange={(e) => science.setSchedule(SCHEDULES.find((s) => s === e.currentTarget.value) ?? 'oneshot')}
            >
              {SCHEDULES.map((s) => (
                <option key={s} value={s}>
                  {SCHEDULE_TEXT[s].label}
                </option>
              ))}
            </select>
          </label>
          <span className="metric-help">
            <code>{SCHEDULE_TEXT[schedule].formula}</code> {SCHEDULE_TEXT[schedule].help}
          </span>
          {schedule !== 'oneshot' && <ScheduleRunner science={science} rate={rate} schedule={schedule} />}
        </div>
      )}
      <JobStatus science={state} jobs={['criterion', 'iterative', 'agp', 'lottery']} onStop={science.stop} />
    </div>
  );
}
