// "Offline use": how much of the data this browser keeps, a button that fetches everything
// for both datasets and every shipped model (a classroom laptop readied before the lesson)
// with its progress, and a button that forgets it all.

import { formatMB } from '../../kit/format';
import type { OfflineState } from './useOffline';

interface Props {
  readonly state: OfflineState;
  readonly onPreload: () => void;
  readonly onClear: () => void;
}

export function OfflinePanel({ state, onPreload, onClear }: Props) {
  const { cached, preload, notice } = state;
  const running = preload.status === 'running';
  const p = preload.progress;
  return (
    <div className="offline">
      <p data-testid="cache-status" data-files={cached?.files ?? 0} data-preload={preload.status}>
        {cached === null ? 'Counting the files kept in this browser…' : cached.files === 0 ? 'No data files are kept in this browser yet.' : `This browser keeps ${cached.files} data file${cached.files === 1 ? '' : 's'} (${formatMB(cached.bytes)}) for visits without a network.`}
        {notice && <> {notice}</>}
      </p>
      <div className="buttons">
        <button type="button" data-testid="preload-button" disabled={running} onClick={onPreload}>
          Fetch everything for offline use
        </button>
        <button type="button" data-testid="cache-clear" disabled={running || !cached?.files} onClick={onClear}>
          Forget the kept data
        </button>
        <span className="hint">Both datasets and every shipped model, so the lab works on this laptop without a network.</span>
      </div>
      {(running || p) && (
        <div className="progress-row">
          <span>
            {running ? 'Fetching' : 'Fetched'} {p ? `${formatMB(p.loadedBytes)} / ${formatMB(p.totalBytes)}` : '…'}
          </span>{' '}
          <progress data-testid="preload-progress" max={1} value={p && p.totalBytes > 0 ? p.loadedBytes / p.totalBytes : 0} aria-label="offline download progress" />
        </div>
      )}
      {preload.message && <p className={preload.status === 'failed' ? 'error' : 'hint'}>{preload.message}</p>}
    </div>
  );
}
