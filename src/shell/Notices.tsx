// Warnings about the link, the latest error from the lab and what the worker wants the user
// to know, above the panels. An error never replaces the page: the rest of the lab stays
// on screen and usable. Errors also appear next to the control that caused them.

import type { ShownError } from './appState';

interface NoticesProps {
  readonly warnings: readonly string[];
  readonly errors: readonly ShownError[];
  readonly notices: readonly string[];
  /** The worker stopped answering and was replaced. */
  readonly workerNotice: string | null;
  readonly onDismiss: (id: number) => void;
  /** Offered when nothing can run without starting again (the data or the backend failed). */
  readonly onRetry: (() => void) | null;
  readonly fatal: string | null;
}

const CALL_WORDS: Partial<Record<ShownError['name'], string>> = {
  train: 'Training',
  finetune: 'Fine-tuning',
  prune: 'Pruning',
  anchor: 'Switching checkpoints',
  export: 'Export',
  import: 'Import',
  sweep: 'Sweep',
  sensitivity: 'Sensitivity analysis',
  schedule: 'Schedule',
  compact: 'Compaction',
  resetStorage: 'Reset',
};

export function Notices({ warnings, errors, notices, workerNotice, onDismiss, onRetry, fatal }: NoticesProps) {
  const latest = errors.at(-1) ?? null;
  const message = fatal ?? (latest ? `${CALL_WORDS[latest.name] ? `${CALL_WORDS[latest.name]} failed: ` : ''}${latest.message}` : null);
  return (
    <div className="notices">
      {warnings.length > 0 && (
        <div className="notice notice-warning" role="status" data-testid="url-warnings">
          <strong>Check the link:</strong>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {workerNotice && (
        <div className="notice notice-warning" role="alert" data-testid="worker-notice">
          {workerNotice}
        </div>
      )}
      {notices.map((n) => (
        <div key={n} className="notice notice-info" role="status" data-testid="lab-notice">
          {n}
        </div>
      ))}
      {message && (
        <div className="notice notice-error" role="alert">
          <strong>Problem:</strong> <span data-testid="error-message">{message}</span>
          {errors.length > 1 && !fatal && <span className="hint"> ({errors.length - 1} earlier)</span>}
          <span className="notice-actions">
            {onRetry && (
              <button type="button" onClick={onRetry}>
                Retry
              </button>
            )}
            {latest && !fatal && (
              <button type="button" onClick={() => onDismiss(latest.id)}>
                Dismiss
              </button>
            )}
          </span>
        </div>
      )}
    </div>
  );
}
