// Scores a whole IMDB test set with the text classifier in plain typed arrays: mean of the
// review's embedding rows → ReLU(dense 200) → logit, summed into accuracy, binary
// cross-entropy and the 2×2 confusion counts, in the EvalResult shape of the tfjs
// evaluator. It reads the token ids directly (no [batch × 10,002] bag-of-words matrix),
// so a full test set takes about a second instead of ten. Pruned weights are exploited:
// hidden units whose output weight is zero and embedding dimensions no live unit reads
// are dropped, and a layer that is mostly zeros is walked in compressed-row form.

import { abortError } from '../abort';
import { PAD_ID, type TextSet } from '../data/imdb';
import { emptyConfusion } from '../train/confusion';
import type { EvalResult } from '../train/evaluate';
import { TEXT_EMBEDDING_DIM, TEXT_HIDDEN } from './textClassifier';
import { addRows, denseHiddenPair, rowMatrix, type RowMatrix } from './textKernels';
import type { TextWeights } from './textForward';

/** The weights reduced to what can change an output. */
export interface PreparedTextModel {
  /** Embedding restricted to the live dimensions, [vocab × dims]. */
  readonly embedding: RowMatrix;
  /** fc1 restricted to live dimensions × live units, [dims × units]. */
  readonly fc1: RowMatrix;
  readonly fc1Bias: Float64Array;
  readonly fc2: Float64Array;
  readonly fc2Bias: number;
  readonly vocabSize: number;
  /** Embedding dimensions and hidden units kept. */
  readonly dims: number;
  readonly units: number;
}

/** Copies columns `keep` of a row-major [rows × cols] matrix (a view when all are kept). */
function keepColumns(data: Float32Array, rows: number, cols: number, keep: readonly number[]): Float32Array {
  if (keep.length === cols) return data;
  const out = new Float32Array(rows * keep.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < keep.length; c++) out[r * keep.length + c] = data[r * cols + keep[c]];
  return out;
}

/** Drops dead units and dimensions and picks a dense or compressed walk per layer. */
export function prepareTextModel(w: TextWeights): PreparedTextModel {
  const d = TEXT_EMBEDDING_DIM;
  const hidden = TEXT_HIDDEN;
  if (w.embedding.length % d !== 0) throw new RangeError(`embedding has ${w.embedding.length} values, not a multiple of ${d}`);
  if (w.fc1Kernel.length !== d * hidden || w.fc1Bias.length !== hidden || w.fc2Kernel.length !== hidden || w.fc2Bias.length !== 1) {
    throw new RangeError('the weights do not have the text classifier shapes');
  }
  const vocabSize = w.embedding.length / d;
  // A unit whose output weight is zero cannot change the logit.
  const units: number[] = [];
  for (let h = 0; h < hidden; h++) if (w.fc2Kernel[h] !== 0) units.push(h);
  // A dimension no live unit reads cannot change the logit either.
  const dims: number[] = [];
  for (let j = 0; j < d; j++) if (units.some((h) => w.fc1Kernel[j * hidden + h] !== 0)) dims.push(j);
  const fc1Rows = new Float32Array(dims.length * hidden);
  dims.forEach((j, r) => fc1Rows.set(w.fc1Kernel.subarray(j * hidden, (j + 1) * hidden), r * hidden));
  return {
    embedding: rowMatrix(keepColumns(w.embedding, vocabSize, d, dims), vocabSize, dims.length),
    fc1: rowMatrix(keepColumns(fc1Rows, dims.length, hidden, units), dims.length, units.length),
    fc1Bias: Float64Array.from(units, (h) => w.fc1Bias[h]),
    fc2: Float64Array.from(units, (h) => w.fc2Kernel[h]),
    fc2Bias: w.fc2Bias[0],
    vocabSize,
    dims: dims.length,
    units: units.length,
  };
}

/** Scratch for scoring reviews two at a time: token counts (by id), distinct ids and their weights, means and activations. */
interface Scratch {
  readonly counts: Uint32Array;
  readonly unique: Int32Array;
  readonly weight: Float64Array;
  readonly mean: readonly [Float64Array, Float64Array];
  readonly z: readonly [Float64Array, Float64Array];
  /** 0, 1, …, dims − 1: the rows of fc1. */
  readonly dimRows: Int32Array;
}

function scratchFor(p: PreparedTextModel, longest: number): Scratch {
  const distinct = Math.min(longest, p.vocabSize);
  return {
    counts: new Uint32Array(p.vocabSize),
    unique: new Int32Array(distinct),
    weight: new Float64Array(distinct),
    mean: [new Float64Array(p.dims), new Float64Array(p.dims)],
    z: [new Float64Array(p.units), new Float64Array(p.units)],
    dimRows: Int32Array.from({ length: p.dims }, (_, j) => j),
  };
}

/** mean = the mean embedding (live dimensions) of the review's real tokens; each distinct id's row is added once. */
function reviewMean(p: PreparedTextModel, tokens: Uint16Array, from: number, to: number, s: Scratch, mean: Float64Array): void {
  const { counts, unique, weight } = s;
  let distinct = 0;
  let real = 0;
  for (let t = from; t < to; t++) {
    const id = tokens[t];
    if (id === PAD_ID) continue;
    if (id >= p.vocabSize) throw new RangeError(`token id ${id} at position ${t} is outside the vocabulary`);
    real++;
    if (counts[id]++ === 0) unique[distinct++] = id;
  }
  const inv = real > 0 ? 1 / real : 0;
  for (let u = 0; u < distinct; u++) {
    weight[u] = counts[unique[u]] * inv;
    counts[unique[u]] = 0;
  }
  mean.fill(0);
  addRows(p.embedding, unique, weight, distinct, mean);
}

/** z[k] = fc1 pre-activations of mean[k], for one review (`both` false) or two. */
function hidden(p: PreparedTextModel, s: Scratch, both: boolean): void {
  const [m0, m1] = s.mean;
  const [z0, z1] = s.z;
  if (p.fc1.dense) {
    denseHiddenPair(p.fc1.dense, p.dims, p.units, p.fc1Bias, m0, both ? m1 : m0, z0, z1);
    return;
  }
  for (const k of both ? [0, 1] : [0]) {
    s.z[k].set(p.fc1Bias);
    addRows(p.fc1, s.dimRows, s.mean[k], p.dims, s.z[k]);
  }
}

function logitOf(p: PreparedTextModel, z: Float64Array): number {
  let logit = p.fc2Bias;
  for (let h = 0; h < p.units; h++) if (z[h] > 0) logit += z[h] * p.fc2[h];
  return logit;
}

/** Binary cross-entropy of a logit against label 0/1 (tf.losses.sigmoidCrossEntropy's stable form). */
export function sigmoidCrossEntropy(logit: number, label: number): number {
  return Math.max(logit, 0) - logit * label + Math.log1p(Math.exp(-Math.abs(logit)));
}

/** Longest review in tokens (sizes the scratch). */
function longestReview(set: TextSet): number {
  let longest = 0;
  for (let i = 0; i < set.count; i++) longest = Math.max(longest, set.offsets[i + 1] - set.offsets[i]);
  return longest;
}

export interface TextEvalOptions {
  /** Also count the 2×2 confusion matrix (true × predicted class). */
  readonly confusion?: boolean;
  readonly signal?: AbortSignal;
  /** Reviews scored between two yields to the event loop (default 2,000), so a stop request can arrive. */
  readonly yieldEvery?: number;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Accuracy, mean loss and (optionally) confusion counts of the text classifier on `set`,
 * as the tfjs evaluator with the binary task reports them. Aborts with an AbortError.
 */
export async function evaluateTextSet(set: TextSet, weights: TextWeights | PreparedTextModel, opts: TextEvalOptions = {}): Promise<EvalResult> {
  const p = 'dims' in weights ? weights : prepareTextModel(weights);
  if (set.vocabSize > p.vocabSize) throw new RangeError(`the set's vocabulary (${set.vocabSize}) exceeds the model's (${p.vocabSize})`);
  const confusion = opts.confusion ? emptyConfusion(2) : undefined;
  const scratch = scratchFor(p, longestReview(set));
  const step = Math.max(1, Math.floor(opts.yieldEvery ?? 2000));
  let correct = 0;
  let lossSum = 0;
  for (let start = 0; start < set.count; start += step) {
    if (start > 0) await yieldToEventLoop();
    if (opts.signal?.aborted) throw abortError('evaluation stopped');
    const end = Math.min(set.count, start + step);
    for (let i = start; i < end; i += 2) {
      const both = i + 1 < end;
      reviewMean(p, set.tokens, set.offsets[i], set.offsets[i + 1], scratch, scratch.mean[0]);
      if (both) reviewMean(p, set.tokens, set.offsets[i + 1], set.offsets[i + 2], scratch, scratch.mean[1]);
      hidden(p, scratch, both);
      for (let k = 0; k < (both ? 2 : 1); k++) {
        const logit = logitOf(p, scratch.z[k]);
        const label = set.labels[i + k];
        const predicted = logit > 0 ? 1 : 0;
        if (predicted === label) correct++;
        lossSum += sigmoidCrossEntropy(logit, label);
        if (confusion) confusion.counts[label * 2 + predicted]++;
      }
    }
  }
  const count = set.count;
  return { accuracy: count ? correct / count : 0, loss: count ? lossSum / count : 0, correct, count, ...(confusion ? { confusion } : {}) };
}
