// One model, one user at a time: training, measurements, experiments and exports all read
// or write the worker's model, so they run one after another through this lock, in the
// order they asked. A waiter whose signal aborts leaves the queue without running.

import { abortError } from '../core/abort';

export class ModelLock {
  private tail: Promise<unknown> = Promise.resolve();
  private holders = 0;

  /** Runs `work` once every earlier holder is done; rejects with an AbortError if `signal` aborts first. */
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const start = this.tail.then(
      () => undefined,
      () => undefined,
    );
    const result = start.then(() => {
      if (signal?.aborted) throw abortError('stopped before it started');
      this.holders++;
      return work().finally(() => {
        this.holders--;
      });
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** True while some work holds the lock. */
  get busy(): boolean {
    return this.holders > 0;
  }
}
