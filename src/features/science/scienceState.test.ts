import { describe, expect, it } from 'vitest';
import type { CompactSummary } from '../../core/experiments/compactRun';
import type { JobProgress } from '../../core/experiments/context';
import type { SweepResult } from '../../core/experiments/sweep';
import type { ScheduleResult } from '../../protocol/scienceEvents';
import type { TrainProgress } from '../../core/train/trainLoop';
import { INITIAL_LAB_STATE, isBusy, labReducer, type LabAction, type LabState } from '../../shell/labState';
import { INITIAL_SCIENCE_STATE, jobFraction, MAX_SCHEDULE_ROWS, scienceReducer, type RunningJob } from './scienceState';

const ready: LabState = labReducer(INITIAL_LAB_STATE, { type: 'dataReady', dataset: 'MNIST', train: 512, test: 256, fullTrain: 60000, fullTest: 10000 });
const run = (s: LabState, ...actions: LabAction[]) => actions.reduce(labReducer, s);

const sweep: SweepResult = {
  points: [
    { criterion: 'magnitude', rate: 0.5, sparsity: 0.5, sparsityAll: 0.5, accuracy: 0.9 },
    { criterion: 'random', rate: 0.5, sparsity: 0.5, sparsityAll: 0.5, accuracy: 0.4 },
  ],
  anchorAccuracy: 0.95,
  examples: 256,
  scope: 'layer',
  structure: 'weights',
  reference: { label: 'Han', sparsity: 0.92, accuracy: 0.9923 },
  scoreSeconds: { magnitude: 0.1, random: 0.1 },
  seconds: 2,
  stopped: false,
};

const footprint = (params: number) => ({ params, bytes: params * 4, kernelShapes: {} });
const speed = { examples: 256, batchSize: 256, repeats: 3, medianMs: 10, imagesPerSec: 25600, msPerBatch: 10 };
const compact: CompactSummary = {
  dense: footprint(431080),
  compact: footprint(115805),
  denseSpeed: speed,
  compactSpeed: speed,
  maxDiff: 0,
  diffExamples: 256,
  channels: [],
};

const iterative = (stopped: boolean): ScheduleResult => ({
  kind: 'iterative',
  result: { rounds: [], anchorAccuracy: 0.95, finalAccuracy: 0.94, finalSparsity: 0.9, seconds: 1, stopped },
});

function trainProgress(step: number, totalSteps: number, batch: number, batches: number): TrainProgress {
  return {
    epoch: 1, epochs: 1, batch, batches, step, totalSteps, loss: 1, accuracy: 0.5, firstStep: step,
    losses: new Float32Array([1]), accuracies: new Float32Array([0.5]), imagesPerSec: 100, elapsedSec: 1, numTensors: 10,
  };
}

describe('scienceReducer', () => {
  it('tracks a job from request through progress to done, and keeps its result', () => {
    let s = scienceReducer(INITIAL_SCIENCE_STATE, { type: 'requestJob', job: 'sweep' });
    expect(s.job).toEqual({ job: 'sweep', progress: null, stopping: false });
    const progress: JobProgress = { job: 'sweep', done: 3, total: 15, label: 'magnitude at 70 %' };
    s = scienceReducer(s, { type: 'scienceProgress', progress });
    expect(s.job?.progress).toBe(progress);
    s = scienceReducer(s, { type: 'sweepResult', result: sweep });
    s = scienceReducer(s, { type: 'jobDone', job: 'sweep', ok: true });
    expect(s.job).toBeNull();
    expect(s.sweep).toBe(sweep);
    expect(s.lastDone).toEqual({ job: 'sweep', ok: true });
  });

  it('marks a stop request, and ignores progress when no job is tracked', () => {
    let s = scienceReducer(INITIAL_SCIENCE_STATE, { type: 'requestStopJob' });
    expect(s).toBe(INITIAL_SCIENCE_STATE);
    s = scienceReducer(s, { type: 'scienceProgress', progress: { job: 'sweep', done: 1, total: 2, label: 'x' } });
    expect(s).toBe(INITIAL_SCIENCE_STATE);
    s = scienceReducer(scienceReducer(s, { type: 'requestJob', job: 'iterative' }), { type: 'requestStopJob' });
    expect(s.job?.stopping).toBe(true);
  });

  it('drops a compaction when the masks change, keeps at most MAX_SCHEDULE_ROWS schedules', () => {
    let s = scienceReducer(INITIAL_SCIENCE_STATE, { type: 'compactResult', result: compact });
    expect(s.compact).toBe(compact);
    expect(scienceReducer(s, { type: 'requestJob', job: 'compact' }).compact).toBe(compact);
    expect(scienceReducer(s, { type: 'requestJob', job: 'criterion' }).compact).toBeNull();
    expect(scienceReducer(s, { type: 'requestPrune' }).compact).toBeNull();
    for (let i = 0; i < MAX_SCHEDULE_ROWS + 2; i++) s = scienceReducer(s, { type: 'scheduleResult', result: iterative(i % 2 === 0) });
    expect(s.schedules).toHaveLength(MAX_SCHEDULE_ROWS);
    expect(scienceReducer(s, { type: 'requestTrain' })).toBe(INITIAL_SCIENCE_STATE);
  });

  it('ends a job on a fatal worker error (no jobDone will come), not on a job error', () => {
    const s = scienceReducer(INITIAL_SCIENCE_STATE, { type: 'requestJob', job: 'sweep' });
    expect(scienceReducer(s, { type: 'error', stage: 'prune', message: 'sweep: failed' }).job).not.toBeNull();
    const after = scienceReducer(s, { type: 'error', stage: 'backend', message: 'worker died' });
    expect(after.job).toBeNull();
    expect(after.lastDone).toEqual({ job: 'sweep', ok: false });
  });

  it('reports the fraction done, counting training inside a unit', () => {
    const job = (progress: JobProgress): RunningJob => ({ job: progress.job, progress, stopping: false });
    expect(jobFraction({ job: 'sweep', progress: null, stopping: false })).toBe(0);
    expect(jobFraction(job({ job: 'sweep', done: 5, total: 10, label: '' }))).toBe(0.5);
    expect(jobFraction(job({ job: 'iterative', done: 1, total: 4, label: '', train: trainProgress(4, 8, 4, 8) }))).toBe(0.375);
    expect(jobFraction(job({ job: 'lottery', done: 1, total: 3, label: '', train: trainProgress(12, 16, 4, 8) }))).toBe(0.5);
  });
});

describe('labReducer with science jobs', () => {
  it('shows the job in data-state and returns to ready when the worker is done', () => {
    let s = run(ready, { type: 'requestJob', job: 'sweep' });
    expect(s.phase).toBe('evaluating');
    expect(isBusy(s)).toBe(true);
    // Events a job triggers (an error, a new anchor) do not end it early.
    s = run(s, { type: 'error', stage: 'prune', message: 'sweep: bad' }, { type: 'anchor', id: 1 });
    expect(s.phase).toBe('evaluating');
    s = run(s, { type: 'jobDone', job: 'sweep', ok: false });
    expect(s.phase).toBe('ready');
    expect(isBusy(s)).toBe(false);
    expect(s.error).toBe('sweep: bad');
  });

  it('schedules read pruning, then finetuning while they train; criterion rescoring reads pruning', () => {
    let s = run(ready, { type: 'requestJob', job: 'iterative' });
    expect(s.phase).toBe('pruning');
    s = run(s, { type: 'scienceProgress', progress: { job: 'iterative', done: 1, total: 4, label: 'round 1/2: fine-tuning', train: trainProgress(1, 8, 1, 8) } });
    expect(s.phase).toBe('finetuning');
    expect(run(ready, { type: 'requestJob', job: 'criterion' }).phase).toBe('pruning');
    expect(run(ready, { type: 'requestJob', job: 'agp' }).phase).toBe('finetuning');
    expect(run(ready, { type: 'requestJob', job: 'compact' }).phase).toBe('evaluating');
  });

  it('an untracked jobDone (a method set before training) leaves the phase alone', () => {
    const loading = run(INITIAL_LAB_STATE, { type: 'jobDone', job: 'criterion', ok: true });
    expect(loading.phase).toBe('loading');
    expect(loading.science.lastDone).toEqual({ job: 'criterion', ok: true });
  });
});
