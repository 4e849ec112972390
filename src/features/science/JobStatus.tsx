// Progress of the running experiment (a schedule, sweep, sensitivity or compaction) with a
// Stop button, and why the last one failed. Shown where the job was started; `jobs` picks
// which jobs this instance reports. Once Stop is pressed the button reads "Stopping…" until
// that job ends (the worker finishes its current step first).

import { useState } from 'react';
import { formatCount } from '../../kit/format';
import type { ScienceJob } from '../../protocol/results';
import { jobFraction, type ScienceSliceState } from './scienceSlice';

interface Props {
  readonly science: ScienceSliceState;
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
  const [stopped, setStopped] = useState<number | null>(null);
  if (!job || !jobs.includes(job.job)) {
    const last = science.lastError;
    if (!last || !jobs.includes(last.job)) return null;
    return (
      <p className="job-status error-inline" role="alert" data-testid="job-error">
        {JOB_NAMES[last.job]} did not finish: {last.message}
      </p>
    );
  }
  const stopping = stopped === job.id;
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
              · epoch {train.epoch}/{train.epochs} · batch {train.batch}/{train.batches} · <span data-timing="">{formatCount(train.imagesPerSec)}/s</span>
            </>
          )}
        </span>
        <button type="button" data-testid="job-stop" onClick={() => {
            setStopped(job.id);
            onStop();
          }}
          disabled={stopping || job.job === 'compact'}>
          {stopping ? 'Stopping…' : 'Stop'}
        </button>
      </div>
      <progress max={1} value={jobFraction(job)} aria-label={`${JOB_NAMES[job.job]} progress`} />
    </div>
  );
}
