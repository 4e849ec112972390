// The training set of a lab that starts from a trained model: the slider, the test set,
// sweeps and compaction need no training example, so its files (most of the download) are
// fetched only when a job that trains first asks for them. Until then this source knows
// its size and which files it will fetch; asking it for batches before `ensure` resolved
// is a programming error, and says so.

import type { BatchSource, TensorBatch } from './batchSource';
import type { DataFileEntry } from '../data/manifest';

export interface TrainFetch {
  readonly onProgress?: (loadedBytes: number, totalBytes: number, file: string) => void;
  readonly signal?: AbortSignal;
}

export class DeferredTrainSource implements BatchSource {
  private source: BatchSource | null = null;
  private pending: Promise<void> | null = null;

  constructor(
    readonly count: number,
    readonly numClasses: number,
    /** The files `ensure` fetches, as the manifest describes them. */
    readonly files: readonly DataFileEntry[],
    private readonly fetchSource: (how: TrainFetch) => Promise<BatchSource>,
  ) {}

  get loaded(): boolean {
    return this.source !== null;
  }

  /** Bytes on the wire still to fetch (0 once loaded). */
  get downloadBytes(): number {
    return this.loaded ? 0 : this.files.reduce((s, f) => s + f.gzipBytes, 0);
  }

  /** Fetches the training files once (concurrent callers share the download; a failed one can be tried again). */
  ensure(how: TrainFetch = {}): Promise<void> {
    if (this.source) return Promise.resolve();
    this.pending ??= this.fetchSource(how).then(
      (source) => {
        this.source = source;
      },
      (e: unknown) => {
        this.pending = null;
        throw e;
      },
    );
    return this.pending;
  }

  *batches(batchSize: number, order?: Uint32Array, firstBatch?: number): Generator<TensorBatch> {
    if (!this.source) throw new Error('The training data is not loaded yet: a job that trains must fetch it first.');
    yield* this.source.batches(batchSize, order, firstBatch);
  }
}

/** The deferred training source of `train`, if it is one (training data not necessarily loaded). */
export function deferredTrain(train: BatchSource): DeferredTrainSource | null {
  return train instanceof DeferredTrainSource ? train : null;
}
