// The pruning method next to the slider: importance criterion, structure (single weights or
// whole channels) and schedule, each with a one-line explanation. Non-one-shot schedules get
// their parameters, a Run button with the time the run will take on this device, and the
// table of schedule runs beside it; the target sparsity is the slider's rate. A link can
// hide any of the three (hide=criterion,structure,schedule).

import { useEffect, useRef, useState } from 'react';
import { CRITERIA, NM_PATTERNS, SCHEDULES, STRUCTURES, type PruneMethod, type Schedule } from '../../core/method';
import type { HideableControl } from '../../kit/controls';
import { downloadsFirst, formatCount, formatDuration } from '../../kit/format';
import { CRITERION_TEXT, SCHEDULE_TEXT, STRUCTURE_TEXT } from '../../kit/methodText';
import type { ScheduleParams } from '../../protocol/calls';
import { JobStatus } from './JobStatus';
import { scheduleSeconds, scheduleWork, type ScheduleWorkload } from './scheduleEstimate';
import { ScheduleResults } from './ScheduleResults';
import type { ScienceSliceState } from './scienceSlice';

interface Props {
  readonly method: PruneMethod;
  readonly onChange: (next: PruneMethod) => void;
  readonly science: ScienceSliceState;
  /** Nothing long runs: the method can change (before training too). */
  readonly editable: boolean;
  /** A model exists and nothing runs: a schedule can start. */
  readonly canRun: boolean;
  readonly onRunSchedule: (params: ScheduleParams) => void;
  readonly onStop: () => void;
  readonly shown: (control: HideableControl) => boolean;
  /** Measured speeds and data sizes, for the time a schedule takes (null until measured). */
  readonly workload: ScheduleWorkload | null;
  /** Measures this device's speed (asked for once when a schedule is chosen and none is known). */
  readonly onMeasure: () => void;
  /** What one example is (images, reviews). */
  readonly itemLabel: string;
  /** Bytes of training data a schedule fetches first (a trained start), or null. */
  readonly downloadFirst: number | null;
}

const SCHEDULE_JOBS = ['iterative', 'agp', 'lottery'] as const;

type RunnerSchedule = Exclude<Schedule, 'oneshot'>;

/** "Takes about 1 min 05 s on this device: 3 training epochs over 60,000 images at 5,000 images/s, and 7 test-set passes." */
function ScheduleEstimate({ schedule, params, workload, itemLabel }: { schedule: RunnerSchedule; params: ScheduleParams; workload: ScheduleWorkload | null; itemLabel: string }) {
  if (!workload) return null;
  const seconds = scheduleSeconds(schedule, params, workload);
  const work = scheduleWork(schedule, params);
  return (
    <span className="hint" data-testid="schedule-estimate" data-seconds={Math.round(seconds)}>
      Takes about <strong data-timing="">{formatDuration(seconds)}</strong> on this device: {work.epochs} training epoch{work.epochs === 1 ? '' : 's'} over{' '}
      {formatCount(workload.train)} {itemLabel} at <span data-timing="">{formatCount(workload.itemsPerSec)}</span> {itemLabel}/s, and {work.testPasses} test-set passes.
    </span>
  );
}

interface RunnerProps {
  readonly enabled: boolean;
  readonly rate: number;
  readonly schedule: RunnerSchedule;
  readonly onRun: (p: ScheduleParams) => void;
  readonly workload: ScheduleWorkload | null;
  readonly itemLabel: string;
  readonly onMeasure: () => void;
  readonly downloadFirst: number | null;
}

function ScheduleRunner({ enabled, rate, schedule, onRun, workload, itemLabel, onMeasure, downloadFirst }: RunnerProps) {
  const [params, setParams] = useState<ScheduleParams>({ rounds: 3, epochs: 1, control: true, baseline: true });
  // No measured speed yet (a shipped or restored model was never trained here): measure it once.
  const asked = useRef(false);
  useEffect(() => {
    if (workload || !enabled || asked.current) return;
    asked.current = true;
    onMeasure();
  }, [workload, enabled, onMeasure]);
  const number = (key: 'rounds' | 'epochs', label: string, max: number) => (
    <label>
      {label}{' '}
      <input
        type="number"
        data-testid={`schedule-${key}`}
        min={1}
        max={max}
        value={params[key]}
        disabled={!enabled}
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
      <label>
        <input type="checkbox" data-testid="schedule-baseline" checked={params.baseline} disabled={!enabled} onChange={(e) => setParams({ ...params, baseline: e.currentTarget.checked })} /> also train the dense
        model for as many epochs (a fair baseline)
      </label>
      {schedule === 'lottery' && (
        <label>
          <input
            type="checkbox"
            checked={params.control}
            disabled={!enabled}
            onChange={(e) => setParams({ ...params, control: e.currentTarget.checked })}
          />{' '}
          also retrain from a random re-initialisation (control)
        </label>
      )}
      <button
        type="button"
        className="primary"
        data-testid="schedule-run"
        disabled={!enabled || tooLow}
        onClick={() => onRun(params)}
      >
        Run to {Math.round(rate * 100)}%{downloadsFirst(downloadFirst)}
      </button>
      {!tooLow && <ScheduleEstimate schedule={schedule} params={params} workload={workload} itemLabel={itemLabel} />}
      <span className="hint">
        {tooLow ? 'Set the slider to the target sparsity first.' : 'A finished run becomes a new checkpoint; a stopped one is discarded.'}
      </span>
    </div>
  );
}

export function MethodControls(p: Props) {
  const { method, shown } = p;
  const { criterion, structure, schedule } = method;
  const disabled = !p.editable;
  const set = (patch: Partial<PruneMethod>) => p.onChange({ ...method, ...patch });
  return (
    <div className="method-controls">
      {shown('criterion') && (
        <div className="method-row">
          <label>
            Criterion{' '}
            <select data-testid="criterion-select" value={criterion} disabled={disabled} onChange={(e) => set({ criterion: CRITERIA.find((c) => c === e.currentTarget.value) ?? 'magnitude' })}>
              {CRITERIA.map((c) => (
                <option key={c} value={c}>
                  {CRITERION_TEXT[c].label} — {CRITERION_TEXT[c].formula}
                </option>
              ))}
            </select>
          </label>
          <span className="metric-help" data-testid="criterion-help">
            <code>{CRITERION_TEXT[criterion].formula}</code> {CRITERION_TEXT[criterion].help}
          </span>
        </div>
      )}
      {shown('structure') && (
        <div className="method-row">
          <label>
            Structure{' '}
            <select data-testid="structure-select" value={structure} disabled={disabled} onChange={(e) => set({ structure: STRUCTURES.find((s) => s === e.currentTarget.value) ?? 'weights' })}>
              {STRUCTURES.map((s) => (
                <option key={s} value={s}>
                  {STRUCTURE_TEXT[s].label} ({STRUCTURE_TEXT[s].formula})
                </option>
              ))}
            </select>
          </label>
          {structure === 'nm' && (
            <label>
              pattern{' '}
              <select data-testid="nm-select" value={method.nm} disabled={disabled} onChange={(e) => set({ nm: NM_PATTERNS.find((n) => n === e.currentTarget.value) ?? '2:4' })}>
                {NM_PATTERNS.map((n) => (
                  <option key={n} value={n}>
                    {n} (keep {n.split(':')[0]} of every {n.split(':')[1]})
                  </option>
                ))}
              </select>
            </label>
          )}
          <span className="metric-help">{STRUCTURE_TEXT[structure].help}</span>
        </div>
      )}
      {shown('schedule') && (
        <div className="method-row">
          <label>
            Schedule{' '}
            <select data-testid="schedule-select" value={schedule} disabled={disabled} onChange={(e) => set({ schedule: SCHEDULES.find((s) => s === e.currentTarget.value) ?? 'oneshot' })}>
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
          {schedule !== 'oneshot' && <ScheduleRunner enabled={p.canRun} rate={method.rate} schedule={schedule} onRun={p.onRunSchedule} workload={p.workload} itemLabel={p.itemLabel} onMeasure={p.onMeasure} downloadFirst={p.downloadFirst} />}
        </div>
      )}
      <JobStatus science={p.science} jobs={SCHEDULE_JOBS} onStop={p.onStop} />
      {p.science.job && (SCHEDULE_JOBS as readonly string[]).includes(p.science.job.job) && (
        <p className="note" data-testid="schedule-charts-note">
          While the schedule runs, the charts of this panel still show the slider&apos;s one-shot setting, not the schedule&apos;s current masks: its progress is the bar above,
          and its result becomes a new checkpoint when it finishes.
        </p>
      )}
      <ScheduleResults results={p.science.schedules} />
    </div>
  );
}
