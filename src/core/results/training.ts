// What a training run reports while it runs, as plain data: the worker posts it to the page
// a few times a second. The loop that produces it is core/train/trainLoop.ts.

export interface TrainProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly step: number;
  readonly totalSteps: number;
  /** Loss and accuracy of the most recent mini-batch. */
  readonly loss: number;
  readonly accuracy: number;
  /** Loss and accuracy of every step since the previous report (steps firstStep…step). */
  readonly firstStep: number;
  readonly losses: Float32Array;
  readonly accuracies: Float32Array;
  /** Throughput since the previous report. */
  readonly imagesPerSec: number;
  readonly elapsedSec: number;
  /** Live tensors in the worker's tfjs engine at this report. */
  readonly numTensors: number;
}
