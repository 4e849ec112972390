// Cancellation, one rule for the whole lab: work is stopped through an AbortSignal and
// ends with an AbortError, which callers tell apart from real failures.

export function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

/**
 * A stop that `signal` asked for. A lost GPU device also rejects its pending read-backs
 * with an AbortError, which is a failure, not a stop: only an aborted signal makes one.
 */
export function isStopOf(e: unknown, signal: AbortSignal | undefined): boolean {
  return isAbortError(e) && signal?.aborted === true;
}

/** Runs `work`; true when a stop of `signal` ended it early (what it did so far stands), false when it ran to the end. */
export async function untilStopped(signal: AbortSignal | undefined, work: () => Promise<void>): Promise<boolean> {
  try {
    await work();
    return false;
  } catch (e) {
    if (!isStopOf(e, signal)) throw e;
    return true;
  }
}

/** An AbortError (the DOMException where there is one, so it also matches fetch's). */
export function abortError(message = 'The operation was aborted.'): Error {
  if (typeof DOMException === 'function') return new DOMException(message, 'AbortError');
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

/** Throws an AbortError if `signal` is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}
