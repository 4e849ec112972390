// Warnings about the URL and errors from the lab, shown above the panels. An error never
// replaces the page: the rest of the lab stays on screen and usable.

interface NoticesProps {
  readonly warnings: readonly string[];
  readonly error: string | null;
  readonly onDismiss: () => void;
  readonly onRetry: (() => void) | null;
}

export function Notices({ warnings, error, onDismiss, onRetry }: NoticesProps) {
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
      {error && (
        <div className="notice notice-error" role="alert">
          <strong>Problem:</strong> <span data-testid="error-message">{error}</span>
          <span className="notice-actions">
            {onRetry && (
              <button type="button" onClick={onRetry}>
                Retry
              </button>
            )}
            <button type="button" onClick={onDismiss}>
              Dismiss
            </button>
          </span>
        </div>
      )}
    </div>
  );
}
