// The plain-array text evaluator against tfjs's evaluator (cpu backend) and against the
// one-review reference forward pass, on real IMDB test reviews, dense and pruned.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadImdb } from '../data/fetchImdb';
import { reviewTokens, takeFirstTexts, type TextSet } from '../data/imdb';
import { bagBatchSource } from '../train/bagSource';
import { evaluate } from '../train/evaluate';
import { binaryTask } from '../train/task';
import { buildTextClassifier } from './textClassifier';
import { evaluateTextSet, prepareTextModel, sigmoidCrossEntropy } from './textEvaluate';
import { textProbability, type TextWeights } from './textForward';

const DATA_URL = new URL('../../../public/data/', import.meta.url).href;
const fetcher = async (url: string) => new Response(readFileSync(fileURLToPath(url)));

let reviews: TextSet;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const imdb = await loadImdb({ baseUrl: DATA_URL, fetcher });
  reviews = takeFirstTexts(imdb.test, 250);
}, 60_000);

function weightsOf(model: tf.LayersModel): TextWeights {
  const v = model.getWeights().map((t) => t.dataSync() as Float32Array);
  return { embedding: v[0], fc1Kernel: v[1], fc1Bias: v[2], fc2Kernel: v[3], fc2Bias: v[4] };
}

/** Zeroes the smallest `rate` of `values` by magnitude (a copy). */
function magnitudePrune(values: Float32Array, rate: number): Float32Array {
  const sorted = Float32Array.from(values, Math.abs).sort();
  const threshold = sorted[Math.min(sorted.length - 1, Math.floor(rate * sorted.length))];
  return values.map((v) => (Math.abs(v) < threshold ? 0 : v));
}

/** Moves the output bias so that half the reviews are predicted positive (a random model predicts mostly one class). */
function centred(w: TextWeights, set: TextSet): TextWeights {
  const logits = Array.from({ length: set.count }, (_, i) => {
    const p = textProbability(reviewTokens(set, i), w);
    return Math.log(p / (1 - p));
  }).sort((a, b) => a - b);
  return { ...w, fc2Bias: Float32Array.of(w.fc2Bias[0] - logits[logits.length >> 1] + 1e-3) };
}

/** Mean loss, correct count and confusion from the one-review reference forward pass. */
function reference(set: TextSet, w: TextWeights) {
  let loss = 0;
  let correct = 0;
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < set.count; i++) {
    const p = textProbability(reviewTokens(set, i), w);
    const y = set.labels[i];
    loss -= y ? Math.log(p) : Math.log(1 - p);
    const predicted = p > 0.5 ? 1 : 0;
    if (predicted === y) correct++;
    counts[y * 2 + predicted]++;
  }
  return { loss: loss / set.count, correct, counts };
}

async function tfEvaluate(model: tf.LayersModel, w: TextWeights, set: TextSet) {
  model.setWeights([
    tf.tensor(w.embedding, [w.embedding.length / 100, 100]),
    tf.tensor(w.fc1Kernel, [100, 200]),
    tf.tensor(w.fc1Bias, [200]),
    tf.tensor(w.fc2Kernel, [200, 1]),
    tf.tensor(w.fc2Bias, [1]),
  ]);
  return evaluate(model, bagBatchSource(set), { task: binaryTask, confusion: true, batchSize: 100 });
}

describe('evaluateTextSet on 250 real IMDB test reviews', () => {
  const cases: [string, (w: TextWeights) => TextWeights][] = [
    ['dense', (w) => w],
    // Unstructured pruning: sparse walks of the embedding and fc1.
    ['90 % magnitude-pruned', (w) => ({ ...w, embedding: magnitudePrune(w.embedding, 0.9), fc1Kernel: magnitudePrune(w.fc1Kernel, 0.9), fc2Kernel: magnitudePrune(w.fc2Kernel, 0.5) })],
    // Structured: dead hidden units (fc2 zero) and embedding dimensions nothing reads (fc1 rows zero).
    ['a third of the units and dimensions removed', (w) => ({
      ...w,
      fc2Kernel: w.fc2Kernel.map((v, h) => (h % 3 === 0 ? 0 : v)), // 133 units: not a multiple of 4
      fc1Kernel: w.fc1Kernel.map((v, i) => (Math.floor(i / 200) % 3 === 0 ? 0 : v)),
    })],
  ];

  it.each(cases)('%s: equals tfjs (cpu) and the reference forward pass', async (_name, prune) => {
    const model = buildTextClassifier(5, reviews.vocabSize);
    const w = centred(prune(weightsOf(model)), reviews);
    // Odd chunks: the last review of each is scored alone, the others in pairs.
    const fast = await evaluateTextSet(reviews, w, { confusion: true, yieldEvery: 63 });
    const viaTf = await tfEvaluate(model, w, reviews);
    const ref = reference(reviews, w);
    model.dispose();

    expect(fast.count).toBe(250);
    expect(fast.correct).toBe(viaTf.correct);
    expect(fast.accuracy).toBe(viaTf.accuracy);
    expect(fast.loss).toBeCloseTo(viaTf.loss, 5);
    expect(Array.from(fast.confusion?.counts ?? [])).toEqual(Array.from(viaTf.confusion?.counts ?? []));
    expect(fast.correct).toBe(ref.correct);
    expect(fast.loss).toBeCloseTo(ref.loss, 9);
    expect(Array.from(fast.confusion?.counts ?? [])).toEqual(ref.counts);
    // Both classes are predicted, so the confusion comparison means something.
    expect(ref.counts[0] + ref.counts[2]).toBeGreaterThan(0);
    expect(ref.counts[1] + ref.counts[3]).toBeGreaterThan(0);
  });

  it('drops exactly the dead units and dimensions, and walks sparse layers compressed', () => {
    const model = buildTextClassifier(6, reviews.vocabSize);
    const w = weightsOf(model);
    model.dispose();
    const dense = prepareTextModel(w);
    expect([dense.dims, dense.units, dense.embedding.dense !== null, dense.fc1.dense !== null]).toEqual([100, 200, true, true]);
    const fc2 = w.fc2Kernel.map((v, h) => (h < 150 ? 0 : v));
    const fc1Kernel = w.fc1Kernel.map((v, i) => (i < 10 * 200 ? 0 : v));
    const pruned = prepareTextModel({ ...w, fc2Kernel: fc2, fc1Kernel, embedding: magnitudePrune(w.embedding, 0.95) });
    expect([pruned.dims, pruned.units, pruned.embedding.dense, pruned.fc1.dense !== null]).toEqual([90, 50, null, true]);
  });

  it('counts an empty review as the bias-only output and stops on abort', async () => {
    const model = buildTextClassifier(7, 5);
    const w = weightsOf(model);
    model.dispose();
    const set: TextSet = { tokens: Uint16Array.from([2, 3, 3]), offsets: Uint32Array.from([0, 0, 3]), labels: Uint8Array.from([1, 0]), count: 2, vocabSize: 5 };
    const r = await evaluateTextSet(set, w, { confusion: true });
    const p = [textProbability([], w), textProbability([2, 3, 3], w)];
    const logits = p.map((q) => Math.log(q / (1 - q)));
    expect(r.loss).toBeCloseTo((sigmoidCrossEntropy(logits[0], 1) + sigmoidCrossEntropy(logits[1], 0)) / 2, 9);
    const controller = new AbortController();
    controller.abort();
    await expect(evaluateTextSet(set, w, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
