// What went wrong while loading a data file, in words a user can act on: every failure
// names the file, the step (download, decompress, verify) and what to do next, e.g.
// "Could not download mnist/train-images-idx3-ubyte.gz (connection reset after 3.1 of
// 9.6 MB): check your connection and press Retry." Browsers say only "Failed to fetch" or
// "network error"; Node's fetch keeps the system error code in `cause`, which is used when
// present.

export type DataStep = 'download' | 'decompress' | 'verify';

const VERB: Record<DataStep, string> = { download: 'download', decompress: 'decompress', verify: 'verify' };

/** Advice when retrying can help (a network fault). */
export const RETRY_ADVICE = 'check your connection and press Retry';
/** Advice when the file on the server is wrong: retrying the same file will not help. */
export const SERVER_DATA_ADVICE =
  'press Retry; if it fails again, the data files on the server are damaged or from another version ' +
  '(whoever runs the site must run "npm run prepare-data")';

export class DataLoadError extends Error {
  constructor(
    /** The file, as named in the manifest (e.g. "mnist/train-images-idx3-ubyte.gz"). */
    readonly file: string,
    readonly step: DataStep,
    /** What happened, e.g. "connection reset after 3.1 of 9.6 MB". */
    readonly reason: string,
    /** What the user can do. */
    readonly advice: string,
    /** Whether pressing Retry may help (network faults) rather than being hopeless (a missing file). */
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`Could not ${VERB[step]} ${file} (${reason}): ${advice}.`, options);
    this.name = 'DataLoadError';
  }
}

/** "3.1 of 9.6 MB" (or bytes for small files). */
export function bytesOf(done: number, total: number): string {
  if (total < 1_000_000) return `${done.toLocaleString('en')} of ${total.toLocaleString('en')} bytes`;
  return `${(done / 1e6).toFixed(1)} of ${(total / 1e6).toFixed(1)} MB`;
}

const SYSTEM_CODES: Record<string, string> = {
  ECONNRESET: 'connection reset',
  ECONNREFUSED: 'connection refused',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection broken',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  ENOTFOUND: 'server not found',
  EAI_AGAIN: 'server name could not be resolved',
};

/** The system error code behind a fetch failure, if the platform gives one (Node does, browsers do not). */
function systemCode(e: unknown): string | null {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 4; depth++) {
    const code = (x as { code?: unknown }).code;
    if (typeof code === 'string' && code in SYSTEM_CODES) return code;
    x = (x as { cause?: unknown }).cause;
  }
  return null;
}

/** A short reason for a network failure: the system error where known, else whether the device is offline. */
export function networkReason(e: unknown): string {
  const code = systemCode(e);
  if (code) return SYSTEM_CODES[code];
  const nav = (globalThis as { navigator?: { onLine?: boolean } }).navigator;
  if (nav?.onLine === false) return 'this device is offline';
  return 'the connection failed';
}

/** A failed download (fetch rejected, or the body stream broke off after `received` bytes). */
export function downloadFailed(file: string, e: unknown, received = 0, expected = 0): DataLoadError {
  const reason = networkReason(e);
  const where = received > 0 && expected > 0 ? ` after ${bytesOf(received, expected)}` : '';
  return new DataLoadError(file, 'download', `${reason}${where}`, RETRY_ADVICE, true, { cause: e });
}

/** An HTTP error status, with advice that fits it. */
export function httpFailed(file: string, status: number, statusText: string): DataLoadError {
  const head = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status === 404 || status === 410) {
    return new DataLoadError(file, 'download', `${head}: the file is not on the server`, 'the site is missing its data files (whoever runs it must run "npm run prepare-data")', false);
  }
  if (status >= 500 || status === 408 || status === 429) {
    return new DataLoadError(file, 'download', `${head}: the server could not send it now`, 'wait a moment and press Retry', true);
  }
  return new DataLoadError(file, 'download', `${head}: the server refused it`, 'reload the page; if it persists, the site is misconfigured', false);
}
