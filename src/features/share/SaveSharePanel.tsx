// "Save / share": export the current pruned model (one ZIP: TensorFlow.js model.json +
// weights.bin, masks.json, report.json), import a model to prune it, and Reset, which
// forgets the models this browser stored and trains again.

import { useRef, type ChangeEvent } from 'react';
import { formatPercent, isBusy, type LabState } from '../../shell/labState';

interface Props {
  readonly state: LabState;
  readonly onExport: () => void;
  readonly onImport: (files: readonly File[]) => void;
  readonly onReset: () => void;
}

export function SaveSharePanel({ state, onExport, onImport, onReset }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const { busy, exported, imported, storage } = state.tools;
  const trained = state.prune.checkpoints.length > 0;
  const running = isBusy(state); // training, fine-tuning or a science job
  const ready = state.dataset !== null && state.phase !== 'error';

  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.currentTarget.files ?? []);
    if (files.length) onImport(files);
    e.currentTarget.value = ''; // the same files can be chosen again
  };

  return (
    <div className="save-share">
      <div className="io-row">
        <button type="button" data-testid="export-button" onClick={onExport} disabled={!trained || running || busy !== null}>
          {busy === 'export' ? 'Exporting…' : 'Export pruned model'}
        </button>
        <span className="metric-help">
          One .zip: TensorFlow.js <code>model.json</code> + <code>weights.bin</code> (load with <code>tf.loadLayersModel</code>),{' '}
          <code>masks.json</code> and <code>report.json</code> (sparsity per layer, accuracy, bytes).
        </span>
      </div>
      {exported && (
        <p className="io-status" data-testid="export-status">
          Downloaded {exported.fileName}: test accuracy <strong>{formatPercent(exported.accuracy)}</strong> on{' '}
          {exported.examples.toLocaleString('en-US')} examples, {formatPercent(exported.sparsity, 1)} of prunable weights zero.
        </p>
      )}
      <div className="io-row">
        <label className="import-label">
          Import a model to prune{' '}
          <input
            ref={input}
            type="file"
            multiple
            accept=".json,.bin,.zip,application/json,application/zip"
            data-testid="import-input"
            onChange={onFiles}
            disabled={!ready || running || busy !== null}
          />
        </label>
        <span className="metric-help">
          model.json + its weights file, or a PruneLab .zip. It must be this lab&apos;s model (same layers and shapes); the
          files are only read as data, never run.
        </span>
      </div>
      {busy === 'import' && <p className="io-status">Checking and testing the model…</p>}
      {imported && (
        <p className="io-status" data-testid="import-status">
          Imported {imported.source} as a checkpoint: test accuracy <strong>{formatPercent(imported.accuracy)}</strong> on{' '}
          {imported.examples.toLocaleString('en-US')} examples, {formatPercent(imported.sparsity, 1)} of prunable weights zero.
          Pruning now starts from it.
        </p>
      )}
      <div className="io-row">
        <button type="button" data-testid="reset-button" onClick={onReset} disabled={running || !storage.checked}>
          Reset
        </button>
        <span className="metric-help" data-testid="storage-status">
          {storage.message || 'Trained models are kept in this browser, so a reload does not retrain.'} Reset forgets every
          saved model and starts again.
        </span>
      </div>
    </div>
  );
}
