// What a compaction reports (channel pruning made physical: the model rebuilt with fewer
// channels, measured beside the masked one), as plain data: the worker sends it, the page
// shows it and exports carry it. The engine that measures it is core/lab/compactRun.ts.

export interface ModelFootprint {
  readonly params: number;
  /** As float32. */
  readonly bytes: number;
  /** Kernel shapes by layer, e.g. conv2 [5, 5, 20, 25]. */
  readonly kernelShapes: Readonly<Record<string, readonly number[]>>;
}

export interface InferenceSpeed {
  readonly examples: number;
  readonly batchSize: number;
  readonly repeats: number;
  /** Median over repeats of the time for all examples. */
  readonly medianMs: number;
  readonly imagesPerSec: number;
  /** Median time per batch. */
  readonly msPerBatch: number;
}

export interface CompactSummary {
  /** The full-size model (masked or not, it computes at full size). */
  readonly dense: ModelFootprint;
  readonly compact: ModelFootprint;
  readonly denseSpeed: InferenceSpeed;
  readonly compactSpeed: InferenceSpeed;
  /** max |compact(x) − masked(x)| over the first `diffExamples` test inputs. */
  readonly maxDiff: number;
  readonly diffExamples: number;
  /** Channels kept per channel-pruned layer. */
  readonly channels: readonly { readonly layer: string; readonly kept: number; readonly total: number }[];
}
