import { describe, expect, it } from 'vitest';
import { methodFor } from '../core/method';
import { MODEL_INFO } from '../core/models/catalog';
import type { ModelView } from '../core/prune/view';
import type { LabAction } from '../protocol/actions';
import type { LabEvent } from '../protocol/events';
import type { Measurement } from '../protocol/results';
import { shownAccuracy } from '../features/prune/pruneSlice';
import { appReducer, INITIAL_APP, type AppState } from './appState';
import { appPhase } from './phase';

const method = methodFor(['a']);
const ev = (event: LabEvent): LabAction => ({ type: 'event', event });
const view = (seq: number, sparsity: number): ModelView => ({
  seq,
  anchorId: 0,
  method,
  criterion: 'magnitude',
  structure: 'weights',
  layers: [],
  selected: { weights: 100, zeros: sparsity * 100, sparsity },
  all: { weights: 100, zeros: sparsity * 100, sparsity },
  anchorSparsity: 0,
  belowAnchor: false,
});
const measured = (viewSeq: number, accuracy: number, estimate = false): Measurement => ({ viewSeq, accuracy, estimate, examples: estimate ? 10 : 100, seconds: 0 });

function run(actions: readonly LabAction[], from: AppState = INITIAL_APP): AppState {
  return actions.reduce(appReducer, from);
}

const started = (id: number, name: 'init' | 'train' | 'prune' | 'finetune' | 'sweep' | 'import' | 'importOnnx', final = false): LabAction =>
  ({ type: 'callStarted', id, name, args: name === 'prune' ? { method, final } : {} }) as LabAction;
const ended = (id: number, name: string, value: unknown = {}): LabAction => ({ type: 'callEnded', id, name, args: {}, ok: true, value }) as LabAction;

describe('the phase (data-state)', () => {
  it('is ready only once nothing requested is pending', () => {
    let s = run([started(1, 'init')]);
    expect(appPhase(s)).toBe('loading');
    s = run([ended(1, 'init', { dataset: null, backend: null, restored: null, storage: null })], s);
    expect(appPhase(s)).toBe('ready');
    // A link's autorun that has not been sent yet keeps the page from reading ready.
    expect(appPhase(s, 1)).toBe('evaluating');
    s = run([started(2, 'train')], s);
    expect(appPhase(s)).toBe('training');
    s = run([ev({ type: 'stage', stage: 'evaluating' })], s);
    expect(appPhase(s)).toBe('evaluating');
    // The URL's rate is measured inside the train call: still not ready until it ends.
    s = run([ev({ type: 'view', view: view(1, 0.7) })], s);
    expect(appPhase(s)).toBe('evaluating');
    s = run([ended(2, 'train')], s);
    expect(appPhase(s)).toBe('ready');
  });

  it('reads pruning while moves are pending and evaluating while a settled value is measured', () => {
    let s = run([started(1, 'prune', false), started(2, 'prune', false)]);
    expect(appPhase(s)).toBe('pruning');
    s = run([started(3, 'prune', true), ended(1, 'prune'), ended(2, 'prune')], s);
    expect(appPhase(s)).toBe('evaluating');
    s = run([ended(3, 'prune')], s);
    expect(appPhase(s)).toBe('ready');
  });

  it('returns to ready the moment an experiment call ends', () => {
    let s = run([started(1, 'sweep'), ev({ type: 'jobProgress', progress: { job: 'sweep', done: 7, total: 8, label: 'x' } })]);
    expect(appPhase(s)).toBe('evaluating');
    expect(s.science.job?.progress?.done).toBe(7);
    s = run([ended(1, 'sweep', { points: [] })], s);
    expect(appPhase(s)).toBe('ready');
    expect(s.science.job).toBeNull();
  });

  it('reads error when init failed, and keeps other failures next to the panels', () => {
    const s = run([started(1, 'init'), { type: 'callEnded', id: 1, name: 'init', args: {}, ok: false, error: { stage: 'data', message: 'no data', aborted: false } } as LabAction]);
    expect(appPhase(s)).toBe('error');
    const t = run([started(2, 'train'), { type: 'callEnded', id: 2, name: 'train', args: {}, ok: false, error: { stage: 'train', message: 'boom', aborted: false } } as LabAction]);
    expect(appPhase(t)).toBe('ready');
    expect(t.errors.map((e) => e.message)).toEqual(['boom']);
    const u = run([started(3, 'train'), { type: 'callEnded', id: 3, name: 'train', args: {}, ok: false, error: { stage: 'train', message: 'stopped', aborted: true } } as LabAction]);
    expect(u.errors).toEqual([]);
  });

  it("clears a job's failure when the next run of the same job succeeds, and only that job's", () => {
    const fail = (id: number, name: 'prune' | 'sweep', message: string) =>
      ({ type: 'callEnded', id, name, args: {}, ok: false, error: { stage: 'prune', message, aborted: false } }) as LabAction;
    const s = run([started(1, 'prune'), fail(1, 'prune', 'Pruning failed: lost'), started(2, 'sweep'), fail(2, 'sweep', 'no zip')]);
    expect(s.errors.map((e) => e.message)).toEqual(['Pruning failed: lost', 'no zip']);
    const t = run([started(3, 'prune'), ended(3, 'prune')], s);
    expect(t.errors.map((e) => e.message)).toEqual(['no zip']);
  });

  it('counts an ONNX import and a .zip import as one job: either succeeding clears the other\'s failure', () => {
    const failed = { type: 'callEnded', id: 1, name: 'import', args: { files: [] }, ok: false, error: { stage: 'io', message: 'b.json is not valid JSON', aborted: false } } as LabAction;
    const s = run([started(1, 'import'), failed, started(2, 'importOnnx'), ended(2, 'importOnnx')]);
    expect(s.errors).toEqual([]);
  });
});

describe('the accuracy shown', () => {
  it('belongs to the view on screen: a measurement of another view is marked stale', () => {
    let s = run([ev({ type: 'view', view: view(1, 0) }), ev({ type: 'measurement', measurement: measured(1, 0.98) })]);
    expect(shownAccuracy(s.prune)).toEqual({ value: 0.98, estimate: false, examples: 100, stale: false });
    // A restored checkpoint at 90 %: until it is measured, the old figure is not shown as its own.
    s = run([ev({ type: 'view', view: view(2, 0.9) })], s);
    expect(shownAccuracy(s.prune)).toMatchObject({ value: 0.98, stale: true });
    s = run([ev({ type: 'measurement', measurement: measured(2, 0.61, true) })], s);
    expect(shownAccuracy(s.prune)).toMatchObject({ value: 0.61, estimate: true, stale: false });
    s = run([ev({ type: 'measurement', measurement: measured(2, 0.62) })], s);
    expect(shownAccuracy(s.prune)).toMatchObject({ value: 0.62, estimate: false, stale: false });
    expect(s.prune.points.map((p) => [p.sparsity, p.accuracy])).toEqual([
      [0, 0.98],
      [0.9, 0.62],
    ]);
  });

  it('starts over when a new training starts', () => {
    const s = run([ev({ type: 'view', view: view(1, 0.5) }), started(2, 'train')]);
    expect(s.prune.view).toBeNull();
    expect(shownAccuracy(s.prune)).toBeNull();
  });

  it('starts over on an imported model, whose card and parameters replace the link model', () => {
    const info = MODEL_INFO.lenet300;
    const before = run([ev({ type: 'view', view: view(1, 0.5) }), ev({ type: 'measurement', measurement: measured(1, 0.9) })]);
    const s = run([ev({ type: 'model', info, params: 266_610 }), ev({ type: 'view', view: view(1, 0) })], before);
    expect(s.train.imported).toBe(info);
    expect(s.train.params).toBe(266_610);
    expect(s.prune.view?.selected.sparsity).toBe(0);
    expect(shownAccuracy(s.prune)).toBeNull();
  });
});
