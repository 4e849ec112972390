// Reset, asked first: the page says what will be deleted (every model PruneLab stored in this
// browser, for every experiment, the records kept aside as unreadable, a kept ONNX file)
// and deletes only once confirmed. Beside it, what storage holds now and what a restore
// could not read.

import { useState } from 'react';
import type { StorageState } from '../../protocol/results';
import type { ResetPreview, ShareActions } from './shareActions';

interface Props {
  readonly storage: StorageState | null;
  readonly actions: Pick<ShareActions, 'resetStorage' | 'resetPreview'>;
  readonly canReset: boolean;
}

const records = (n: number) => `${n} stored checkpoint${n === 1 ? '' : 's'}`;

/** "Reset deletes 5 stored checkpoints (2 of these settings, 1 kept aside as unreadable) and the kept ONNX file a.onnx." */
export function resetText(p: ResetPreview): string {
  if (p.entries === 0 && p.onnx === null) return 'Nothing is stored in this browser: Reset only starts again.';
  const parts: string[] = [];
  if (p.entries > 0) {
    const detail = [`${p.thisExperiment} of these settings`, ...(p.keptAside > 0 ? [`${p.keptAside} kept aside as unreadable`] : [])];
    parts.push(`${records(p.entries)} of every experiment (${detail.join(', ')})`);
  }
  if (p.onnx !== null) parts.push(`the kept ONNX file ${p.onnx}`);
  return `Reset deletes ${parts.join(' and ')} from this browser, then reloads. This cannot be undone; Export keeps a model first.`;
}

export function ResetStorage({ storage, actions, canReset }: Props) {
  const [preview, setPreview] = useState<ResetPreview | null>(null);
  const [asking, setAsking] = useState(false);
  const ask = () => {
    setAsking(true);
    actions.resetPreview().then(setPreview, () => setPreview({ entries: 0, keptAside: 0, thisExperiment: 0, onnx: null }));
  };
  const cancel = () => {
    setAsking(false);
    setPreview(null);
  };
  return (
    <>
      <div className="io-row">
        <button type="button" data-testid="reset-button" onClick={ask} disabled={!canReset || storage === null || asking}>
          Reset
        </button>
        <span className="metric-help" data-testid="storage-status" data-status={storage?.status ?? ''}>
          {storage?.message || 'Trained models are kept in this browser, so a reload does not retrain.'} Reset forgets every saved model and starts again.
        </span>
      </div>
      {storage?.unrestored && (
        <p className="io-status error-inline" role="alert" data-testid="storage-unrestored">
          {storage.unrestored}
        </p>
      )}
      {asking && (
        <div className="io-row" role="alertdialog" aria-label="Reset browser storage" data-testid="reset-dialog">
          <span className="io-status">{preview ? resetText(preview) : 'Counting what is stored…'}</span>
          <button type="button" data-testid="reset-confirm" disabled={!preview || !canReset} onClick={actions.resetStorage}>
            Delete and reload
          </button>
          <button type="button" data-testid="reset-cancel" onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
    </>
  );
}
