// "Save / share": export the model on screen (one ZIP: TensorFlow.js model.json +
// weights.bin, masks.json, report.json), import a model to prune it (errors appear right
// here, next to the control), and Reset, which forgets the models this browser stored once confirmed.

import { useCallback, useEffect, useRef, useState, type ChangeEvent } from 'react';
import { listOf } from '../../core/io/echo';
import { INPUT_NORM_IDS, INPUT_NORMS, isInputNorm, type InputNorm } from '../../core/io/onnx/onnxNorm';
import { formatCount, formatPercent } from '../../kit/format';
import type { ShareActions } from './shareActions';
import { download } from './shareActions';
import type { ShareSliceState } from './shareSlice';
import { masksWords } from './masksWords';
import { ResetStorage } from './ResetStorage';

interface Props {
  readonly share: ShareSliceState;
  readonly actions: ShareActions;
  /** A model exists and nothing runs. */
  readonly canExport: boolean;
  /** The data is loaded and nothing runs. */
  readonly canImport: boolean;
  readonly canReset: boolean;
  /** How an imported ONNX model expects its pixels (the link's norm=). */
  readonly norm: InputNorm;
  readonly onNorm: (norm: InputNorm) => void;
}

export function SaveSharePanel({ share, actions, canExport, canImport, canReset, norm, onNorm }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const downloaded = useRef(0);
  const [localError, setLocalError] = useState<string | null>(null);
  // From the moment files are chosen until their import is over, no other import starts.
  const [reading, setReading] = useState(false);
  // The files of the latest import, named in its messages.
  const [chosen, setChosen] = useState('');
  const { exported, imported, storage } = share;
  const importError = localError ?? share.importError;

  useEffect(() => {
    if (exported && exported.seq > downloaded.current) {
      downloaded.current = exported.seq;
      download(exported.fileName, exported.data);
    }
  }, [exported]);

  // One import at a time: the control is off from the moment files are chosen (or dropped).
  const importable = canImport && !share.importing && !reading;
  // The latest choice: an earlier import that a later one overtook (dropped) does not turn the control back on.
  const latestChoice = useRef(0);
  const start = useCallback(
    (files: readonly File[]) => {
      if (!files.length) return;
      const choice = ++latestChoice.current;
      setChosen(listOf(files.map((f) => f.name), 3));
      setReading(true);
      const problem = actions.importFiles(files, norm, () => choice === latestChoice.current && setReading(false));
      if (problem) setReading(false);
      setLocalError(problem);
    },
    [actions, norm],
  );

  const onFiles = (e: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(e.currentTarget.files ?? []);
    e.currentTarget.value = ''; // the same files can be chosen again
    start(files);
  };

  // Files dropped anywhere on the page are imported as if chosen here.
  useEffect(() => {
    const over = (e: DragEvent) => e.preventDefault();
    const drop = (e: DragEvent) => {
      e.preventDefault();
      if (importable) start(Array.from(e.dataTransfer?.files ?? []));
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [start, importable]);

  return (
    <div className="save-share">
      <div className="io-row">
        <button type="button" data-testid="export-button" onClick={() => actions.exportModel('zip')} disabled={!canExport || share.exporting}>
          {share.exporting ? 'Exporting…' : 'Export pruned model'}
        </button>
        <button type="button" data-testid="export-onnx-button" onClick={() => actions.exportModel('onnx')} disabled={!canExport || share.exporting}>
          Download model.onnx
        </button>
        <span className="metric-help">
          One .zip: TensorFlow.js <code>model.json</code> + <code>weights.bin</code> (load with <code>tf.loadLayersModel</code>), <code>model.onnx</code> (onnxruntime, PyTorch,
          any ONNX runtime), <code>masks.json</code> and <code>report.json</code> (sparsity per layer, accuracy, bytes). After Compact it holds the smaller model.
        </span>
      </div>
      {share.exportError && (
        <p className="io-status error-inline" role="alert" data-testid="export-error">
          Export failed: {share.exportError}
        </p>
      )}
      {exported && (
        <p className="io-status" data-testid="export-status">
          Downloaded {exported.fileName}
          {exported.compact ? ' (the compact model)' : ''}: test accuracy <strong>{formatPercent(exported.accuracy)}</strong> on {formatCount(exported.examples)} examples,{' '}
          {formatPercent(exported.sparsity, 1)} of prunable weights zero.
        </p>
      )}
      <div className="io-row">
        <label className="import-label">
          Import a model to prune{' '}
          <input
            ref={input}
            type="file"
            multiple
            accept=".json,.bin,.zip,.onnx,application/json,application/zip"
            data-testid="import-input"
            onChange={onFiles}
            disabled={!importable}
          />
        </label>
        <label className="import-label">
          ONNX pixels{' '}
          <select data-testid="import-norm" value={norm} onChange={(e) => isInputNorm(e.currentTarget.value) && onNorm(e.currentTarget.value)}>
            {INPUT_NORM_IDS.map((n) => (
              <option key={n} value={n}>
                {INPUT_NORMS[n].label}
              </option>
            ))}
          </select>
        </label>
        <span className="metric-help">
          A <code>.onnx</code> file (or one dropped on the page): an MNIST network of your own, which replaces this lab&apos;s model; its input normalisation is not in the file, so say it here. Or model.json + its
          weights file, or a PruneLab .zip, of this lab&apos;s model (same layers and shapes). Files are only read as data, never run.
        </span>
      </div>
      {reading && !share.importing && <p className="io-status">Reading {chosen}…</p>}
      {share.importing && <p className="io-status">Checking and testing the model…</p>}
      {importError && (
        <p className="io-status error-inline" role="alert" data-testid="import-error">
          Import failed{chosen ? ` (${chosen})` : ''}: {importError}
        </p>
      )}
      {imported && !importError && (
        <p className="io-status" data-testid="import-status">
          Imported {imported.source} as a checkpoint: test accuracy <strong>{formatPercent(imported.accuracy)}</strong> on {formatCount(imported.examples)} examples,{' '}
          {formatPercent(imported.sparsity, 1)} of the selected layers' weights zero
          {masksWords(imported)}. Pruning now starts from it.
        </p>
      )}
      <ResetStorage storage={storage} actions={actions} canReset={canReset} />
    </div>
  );
}
