// Why a save to browser storage failed, in two kinds the UI treats differently: "full"
// (the origin's quota is used up, or the browser aborted the write, which is how a full
// disk shows up at commit time: offer Export instead) and "unavailable" (storage is
// blocked, broken or missing: the lab works, nothing is kept).

export type StorageFailureKind = 'full' | 'unavailable';

export class StorageError extends Error {
  constructor(
    readonly kind: StorageFailureKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export function isStorageFull(e: unknown): e is StorageError {
  return e instanceof StorageError && e.kind === 'full';
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** DOMException is an Error in browsers and Node alike. */
function isQuota(e: unknown): boolean {
  return e instanceof Error && (QUOTA_NAMES.has(e.name) || (e as { code?: unknown }).code === 22);
}

/**
 * A StorageError for an IndexedDB failure. `aborted` says the transaction was aborted
 * (not by us): with no error, or an AbortError, the browser could not commit it, which
 * in practice means the storage is full.
 */
export function storageFailure(e: unknown, aborted = false): StorageError {
  if (e instanceof StorageError) return e;
  const name = e instanceof Error ? e.name : null;
  if (isQuota(e)) {
    return new StorageError('full', "This browser's storage for the lab is full (QuotaExceededError): nothing was saved.", { cause: e });
  }
  if (aborted && (e === null || e === undefined || name === 'AbortError')) {
    return new StorageError('full', 'The browser aborted the save (usually because the storage quota is used up): nothing was saved.', { cause: e });
  }
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new StorageError('unavailable', `This browser's storage failed (${detail}).`, { cause: e });
}

/** A DOMException as the browser raises it when the quota is exceeded (for tests and in-memory stores). */
export function quotaExceeded(): Error {
  if (typeof DOMException === 'function') return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  return Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
}
