// Per-step loss and accuracy of the training loop, read back from the device without
// stalling it. Each step leaves two scalars on the device; at a report they are stacked
// into one tensor whose read-back starts at once but is not awaited: the loop goes on
// queueing steps while the GPU catches up, and the progress event goes out when the
// numbers arrive, in order. At most MAX_IN_FLIGHT read-backs are outstanding, which bounds
// how far the loop can run ahead of the device. A failed read-back (a lost GPU device)
// is kept and rethrown by the loop at its next step.

import * as tf from '@tensorflow/tfjs';

const MAX_IN_FLIGHT = 2;

/** What a report knows when it is issued; the emitter adds the values and timings. */
export interface ReportContext {
  readonly epoch: number;
  readonly batch: number;
  readonly step: number;
  readonly examples: number;
  /** Clock time (ms) at which the report's last step was queued. */
  readonly issuedAt: number;
}

export type ReportEmitter = (ctx: ReportContext, losses: Float32Array, accuracies: Float32Array) => void;

export class StepReadback {
  private pending: tf.Scalar[] = []; // [accuracy, loss] per step, not yet stacked
  private inFlight: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: { readonly error: unknown } | null = null;

  constructor(private readonly emit: ReportEmitter) {}

  /** Keeps one step's scalars (the loop keeps them alive with tf.keep where needed). */
  push(accuracy: tf.Scalar, loss: tf.Scalar): void {
    this.pending.push(accuracy, loss);
  }

  /** Throws the first read-back or emitter failure, if any. */
  check(): void {
    if (this.failure) throw this.failure.error;
  }

  /**
   * Starts reading back every step since the previous report; resolves once fewer than
   * MAX_IN_FLIGHT read-backs are outstanding (not when this one arrives).
   */
  async report(ctx: ReportContext): Promise<void> {
    this.check();
    if (this.pending.length === 0) return;
    const scalars = this.pending;
    this.pending = [];
    const stacked = tf.stack(scalars); // [acc0, loss0, acc1, loss1, …]
    tf.dispose(scalars);
    const values = stacked.data().finally(() => stacked.dispose());
    values.catch(() => undefined); // handled below, possibly later: not an unhandled rejection
    // Chained so events go out in step order even if read-backs resolve out of order.
    const emitted = this.tail.then(async () => {
      const v = await values;
      const n = v.length / 2;
      const losses = new Float32Array(n);
      const accuracies = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        accuracies[i] = v[2 * i];
        losses[i] = v[2 * i + 1];
      }
      this.emit(ctx, losses, accuracies);
    });
    const settled = emitted.catch((error: unknown) => {
      this.failure ??= { error };
    });
    this.tail = settled;
    this.inFlight.push(settled);
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
  }

  /** Waits for every read-back in flight (their events have gone out when it resolves). */
  async flush(): Promise<void> {
    await Promise.all(this.inFlight);
    this.inFlight = [];
    this.check();
  }

  /** Drops the scalars of steps not yet reported (a stopped or failed run). */
  discard(): void {
    tf.dispose(this.pending);
    this.pending = [];
  }
}
