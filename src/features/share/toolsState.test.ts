import { describe, expect, it } from 'vitest';
import { denseAccuracy, INITIAL_LAB_STATE, labReducer, type LabAction, type LabState } from '../../shell/labState';

const ready: LabState = labReducer(INITIAL_LAB_STATE, { type: 'dataReady', dataset: 'MNIST', train: 512, test: 256, fullTrain: 60000, fullTest: 10000 });
const run = (s: LabState, ...actions: LabAction[]) => actions.reduce(labReducer, s);
const confusion = (id: number): LabAction => ({ type: 'confusion', id, classes: 2, counts: Uint32Array.of(3, 1, 0, 4), examples: 8, accuracy: 7 / 8 });

describe('tools state', () => {
  it('marks storage checked on the first storage event (autorun waits for it)', () => {
    expect(ready.tools.storage.checked).toBe(false);
    const s = run(ready, { type: 'storage', status: 'none', savedAt: null, checkpoints: 0, message: 'Nothing saved' });
    expect(s.tools.storage).toMatchObject({ checked: true, status: 'none' });
  });

  it('a restored model shows its stored result with no training run', () => {
    const s = run(ready, { type: 'restored', savedAt: 5, testAccuracy: 0.625, seconds: 3, imagesPerSec: 170, epochAccuracies: [0.625], params: 431080 });
    expect(denseAccuracy(s)).toBe(0.625);
    expect(s.runs.train.progress).toBeNull();
    expect(s.runs.train.epochs).toEqual([{ x: 1, testAccuracy: 0.625 }]);
    expect(s.tools.restored).toBe(true);
    expect(s.phase).toBe('ready');
    expect(run(s, { type: 'trainStart', kind: 'train', epochs: 1, totalSteps: 8, params: 431080 }).tools.restored).toBe(false);
  });

  it('keeps the confusion matrix of the newest measured setting only', () => {
    let s = run(ready, { type: 'requestPrune', id: 3, final: true }, confusion(3));
    expect(s.tools.confusion?.id).toBe(3);
    s = run(s, { type: 'requestPrune', id: 4, final: false }, confusion(3));
    expect(s.tools.confusion?.id).toBe(3);
    s = run(s, confusion(2));
    expect(s.tools.confusion?.id).toBe(3); // stale: ignored
    s = run(s, confusion(-1));
    expect(s.tools.confusion?.id).toBe(-1); // after fine-tuning or an import: never stale
  });

  it('an export or import error is shown but leaves a run and the phase alone', () => {
    let s = run(ready, { type: 'requestTrain' }, { type: 'trainStart', kind: 'train', epochs: 1, totalSteps: 8, params: 1 }, { type: 'requestImport' });
    expect(s.tools.busy).toBe('import');
    s = run(s, { type: 'error', stage: 'io', message: 'Import failed: bad file' });
    expect(s.error).toBe('Import failed: bad file');
    expect(s.phase).toBe('training');
    expect(s.activeRun).toBe('train');
    expect(s.tools.busy).toBeNull();
  });

  it('numbers exports so each is downloaded once, and newer digit predictions win', () => {
    const exported: LabAction = { type: 'exported', fileName: 'a.zip', data: new ArrayBuffer(4), accuracy: 0.5, examples: 10, sparsity: 0.9 };
    const s = run(ready, { type: 'requestExport' }, exported, exported);
    expect(s.tools.exported?.seq).toBe(2);
    expect(s.tools.busy).toBeNull();
    const d = run(s, { type: 'digitPrediction', id: 5, dense: [], pruned: [] }, { type: 'digitPrediction', id: 4, dense: [], pruned: [] });
    expect(d.tools.digit?.id).toBe(5);
  });
});
