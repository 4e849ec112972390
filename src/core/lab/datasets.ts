// Loads the dataset a model trains on and adapts it to batch sources: MNIST images
// normalised as the model's description says (the tutorial's mean and std for the built-ins;
// an imported model may read [0, 1] or [-1, 1]), IMDB reviews as bags of words. With
// `deferTrain` only the test split (and IMDB's vocabulary) is fetched now; the training
// split is a DeferredTrainSource that fetches its files when a training job needs them.

import { takeFirst, type ImageSet } from '../data/batches';
import type { DataCache } from '../data/dataCache';
import { DeferredTrainSource } from '../train/deferredTrain';
import { fetchManifest, loadMnistSplit, type Fetcher, type LoadOptions, type LoadProgress } from '../data/fetchData';
import { loadImdbTest, loadImdbTrain } from '../data/fetchImdb';
import { takeFirstTexts, type TextSet, type Vocabulary } from '../data/imdb';
import type { ModelSpec } from '../nets/registry';
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
  /** Where verified files are kept between visits. */
  readonly cache?: DataCache;
  /** Fetch the training split only when a job needs it (the trained start). */
  readonly deferTrain?: boolean;
}

/** The training split as a batch source: fetched now, or deferred until a job needs it. */
async function trainSource<T>(
  defer: boolean,
  count: number,
  numClasses: number,
  files: DeferredTrainSource['files'],
  opts: LoadOptions,
  fetchSet: (opts: LoadOptions) => Promise<T>,
  toSource: (set: T) => BatchSource,
): Promise<BatchSource> {
  if (!defer) return toSource(await fetchSet(opts));
  return new DeferredTrainSource(count, numClasses, files, async (how) => {
    const onProgress = how.onProgress;
    const set = await fetchSet({ ...opts, signal: how.signal, onProgress: onProgress && ((p) => onProgress(p.loadedBytes, p.totalBytes, p.file)) });
    return toSource(set);
  });
}

/** One progress over the splits fetched side by side: each split reports its own share, the total is theirs summed. */
function summedProgress(onProgress: (p: LoadProgress) => void, totals: readonly number[]): ((p: LoadProgress) => void)[] {
  const loaded = totals.map(() => 0);
  const totalBytes = totals.reduce((a, b) => a + b, 0);
  return totals.map((_, i) => (p: LoadProgress) => {
    loaded[i] = p.loadedBytes;
    onProgress({ loadedBytes: loaded.reduce((a, b) => a + b, 0), totalBytes, file: p.file });
  });
}

const wire = (files: readonly { readonly gzipBytes: number }[]) => files.reduce((s, f) => s + f.gzipBytes, 0);

export async function loadDataset(spec: ModelSpec, req: DatasetRequest): Promise<LoadedDataset> {
  const base: LoadOptions = { baseUrl: req.dataUrl, fetcher: req.fetcher, signal: req.signal, stallMs: req.stallMs, cache: req.cache };
  const manifest = await fetchManifest(base);
  const defer = req.deferTrain === true;
  const f = spec.dataset === 'mnist' ? manifest.mnist.files : manifest.imdb.files;
  const testFiles = 'trainImages' in f ? [f.testImages, f.testLabels] : [f.vocab, f.testTokens, f.testOffsets, f.testLabels];
  const trainFiles = 'trainImages' in f ? [f.trainImages, f.trainLabels] : [f.trainTokens, f.trainOffsets, f.trainLabels];
  const [testProgress, trainProgress] = summedProgress(req.onProgress, [wire(testFiles), defer ? 0 : wire(trainFiles)]);
  const opts: LoadOptions = { ...base, onProgress: testProgress };
  const trainOpts: LoadOptions = { ...base, onProgress: trainProgress };
  if (spec.dataset === 'mnist') {
    // pixels as the model reads them (an imported model may expect [0, 1] or [-1, 1])
    const input = spec.input;
    const norm = (set: ImageSet): ImageSet => (input.kind === 'image' ? { ...set, mean: input.mean, std: input.std } : set);
    const m = manifest.mnist;
    const trainCount = Math.min(req.train, m.train);
    const [testSet, train] = await Promise.all([
      loadMnistSplit(manifest, 'test', opts),
      trainSource(defer, trainCount, 10, trainFiles, trainOpts, (o) => loadMnistSplit(manifest, 'train', o), (set) => imageBatchSource(takeFirst(norm(set), req.train))),
    ]);
    const test = takeFirst(norm(testSet), req.test);
    return {
      name: 'MNIST',
      train,
      test: imageBatchSource(test),
      estimate: imageBatchSource(takeFirst(test, ESTIMATE_EXAMPLES)),
      inputSize: 28 * 28,
      fullTrain: m.train,
      fullTest: testSet.count,
      vocab: null,
    };
  }
  const m = manifest.imdb;
  const trainCount = Math.max(0, Math.min(Math.floor(req.train), m.train));
  const [imdb, train] = await Promise.all([
    loadImdbTest(manifest, opts),
    trainSource(defer, trainCount, 2, trainFiles, trainOpts, (o) => loadImdbTrain(manifest, o), (set) => bagBatchSource(takeFirstTexts(set, req.train))),
  ]);
  const test = takeFirstTexts(imdb.test, req.test);
  const estimate = takeFirstTexts(test, ESTIMATE_EXAMPLES);
  return {
    name: 'IMDB',
    train,
    test: bagBatchSource(test),
    estimate: bagBatchSource(estimate),
    texts: { test, estimate },
    inputSize: imdb.vocab.size,
    fullTrain: m.train,
    fullTest: imdb.test.count,
    vocab: imdb.vocab,
  };
}
