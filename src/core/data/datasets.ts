// Loads the dataset a model trains on and adapts it to batch sources: MNIST images
// normalised as the model's description says (the tutorial's mean and std for the built-ins;
// an imported model may read [0, 1] or [-1, 1]), IMDB reviews as bags of words.

import { takeFirst } from './batches';
import { loadMnist, type Fetcher, type LoadProgress } from './fetchData';
import { loadImdb } from './fetchImdb';
import { takeFirstTexts, type TextSet, type Vocabulary } from './imdb';
import type { ModelSpec } from '../models/registry';
import { bagBatchSource } from '../train/bagSource';
import { imageBatchSource, type BatchSource } from '../train/batchSource';

/** Test examples used for the quick accuracy estimate while the slider moves. */
export const ESTIMATE_EXAMPLES = 500;

export interface LoadedDataset {
  readonly name: string;
  readonly train: BatchSource;
  readonly test: BatchSource;
  /** A fixed subset of the test set for quick estimates. */
  readonly estimate: BatchSource;
  /** Length of one input vector where the model needs it (the vocabulary size for IMDB). */
  readonly inputSize: number;
  readonly fullTrain: number;
  readonly fullTest: number;
  readonly vocab: Vocabulary | null;
  /** The reviews behind `test` and `estimate`, for the plain-array evaluator (IMDB only). */
  readonly texts?: { readonly test: TextSet; readonly estimate: TextSet };
}

export interface DatasetRequest {
  readonly dataUrl: string;
  readonly train: number;
  readonly test: number;
  readonly onProgress: (p: LoadProgress) => void;
  /** How to fetch the data files (default: the global fetch; Node scripts read files). */
  readonly fetcher?: Fetcher;
  /** Stops the download (an AbortError). */
  readonly signal?: AbortSignal;
  /** Milliseconds without a byte before a file fails as stalled. */
  readonly stallMs?: number;
}

export async function loadDataset(spec: ModelSpec, req: DatasetRequest): Promise<LoadedDataset> {
  const opts = { baseUrl: req.dataUrl, onProgress: req.onProgress, fetcher: req.fetcher, signal: req.signal, stallMs: req.stallMs };
  if (spec.dataset === 'mnist') {
    const loaded = await loadMnist(opts);
    // pixels as the model reads them (an imported model may expect [0, 1] or [-1, 1])
    const input = spec.input;
    const norm = (set: typeof loaded.test) => (input.kind === 'image' ? { ...set, mean: input.mean, std: input.std } : set);
    const mnist = { train: norm(loaded.train), test: norm(loaded.test) };
    const test = takeFirst(mnist.test, req.test);
    return {
      name: 'MNIST',
      train: imageBatchSource(takeFirst(mnist.train, req.train)),
      test: imageBatchSource(test),
      estimate: imageBatchSource(takeFirst(test, ESTIMATE_EXAMPLES)),
      inputSize: 28 * 28,
      fullTrain: mnist.train.count,
      fullTest: mnist.test.count,
      vocab: null,
    };
  }
  const imdb = await loadImdb(opts);
  const test = takeFirstTexts(imdb.test, req.test);
  const estimate = takeFirstTexts(test, ESTIMATE_EXAMPLES);
  return {
    name: 'IMDB',
    train: bagBatchSource(takeFirstTexts(imdb.train, req.train)),
    test: bagBatchSource(test),
    estimate: bagBatchSource(estimate),
    texts: { test, estimate },
    inputSize: imdb.vocab.size,
    fullTrain: imdb.train.count,
    fullTest: imdb.test.count,
    vocab: imdb.vocab,
  };
}
