// Progress of a running science job (criterion rescoring, schedule, sweep, sensitivity,
// compaction) with a Stop button, and how the last one ended. Shown where the job was
// started; `jobs` picks which jobs this instance reports.

import { jobFraction, type ScienceJob, type ScienceUiState } from './scienceState';

interface Props {
  readonly science: ScienceUiState;
  readonly jobs: readonly ScienceJob[];
  readonly onStop: () => void;
}

const JOB_NAMES: Readonly<Record<ScienceJob, string>> = {
  criterion: 'Scoring the weights',
  sweep: 'Sweep',
  sensitivity: 'Sensitivity analysis',
  iterative: 'Iterative pruning',
  agp: 'Gradual pruning (AGP)',
  lottery: 'Lottery ticket',
  compact: 'Compaction',
};

export function JobStatus({ science, jobs, onStop }: Props) {
  const job = science.job;
  if (!job || !jobs.includes(job.job)) {
    const last = science.lastDone;
    if (!last || !jobs.includes(last.job) || last.ok) return null;
    return <p className="job-status hint">{JOB_NAMES[last.job]} did not finish (see the message above).</p>;
  }
  const p = job.progress;
  const train = p?.train;
  return (
    <div className="job-status" data-testid="science-progress" data-job={job.job} role="status">
      <div className="job-line">
        <strong>{JOB_NAMES[job.job]}</strong>
        <span>
          {p ? `${p.label} · ${p.done}/${p.total}` : 'starting…'}
          {train && (
            <>
              {' '}
              · epoch {train.epoch}/{train.epochs} · batch {train.batch}/{train.batches} ·{' '}
              <span data-timing="">{Math.round(train.imagesPerSec).toLocaleString('en-US')}/s</span>
            </>
          )}
        </span>
        <button type="button" data-testid="job-stop" onClick={onStop} disabled={job.stopping || job.job === 'compact'}>
          {job.stopping ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      <progress max={1} value={jobFraction(job)} aria-label={`${JOB_NAMES[job.job]} progress`} />
    </div>
  );
}
