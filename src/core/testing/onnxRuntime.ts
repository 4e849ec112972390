// Test and measurement support (not part of the app): runs an exported model.onnx in
// onnxruntime-web (its wasm build, under Node; a runtime PruneLab did not write) next to
// the app's own tfjs forward pass on the same real examples, and compares the two. Used by
// the ONNX export tests and scripts/experiments/measure-onnx.ts.

import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { PAD_ID, reviewTokens, type TextSet } from '../data/imdb';
import type { BatchSource, TensorBatch } from '../train/batchSource';

ort.env.wasm.numThreads = 1; // the CI machine has 2 shared cores; one is enough for a check
ort.env.logLevel = 'error';

export type OrtSession = ort.InferenceSession;

export function onnxSession(model: Uint8Array): Promise<OrtSession> {
  return ort.InferenceSession.create(model);
}

/** NHWC rows → NCHW rows (the same for 1 channel, as MNIST). */
export function nhwcToNchw(x: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  if (c === 1) return x.slice();
  const out = new Float32Array(x.length);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < h * w; p++) for (let k = 0; k < c; k++) out[((i * c + k) * h * w) + p] = x[(i * h * w + p) * c + k];
  }
  return out;
}

export interface Agreement {
  readonly examples: number;
  /** max |app − onnx| over every output value. */
  readonly maxAbsDiff: number;
  /** Examples whose predicted class differs. */
  readonly argmaxMismatches: number;
  /** Correct predictions of each. */
  readonly appCorrect: number;
  readonly onnxCorrect: number;
}

/** Predicted class of each row of [n, k] outputs (k = 1: logit > 0). */
export function predictions(out: Float32Array, k: number): Int32Array {
  const n = out.length / k;
  const pred = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (k === 1) {
      pred[i] = out[i] > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < k; j++) if (out[i * k + j] > out[i * k + best]) best = j;
    pred[i] = best;
  }
  return pred;
}

function compare(app: Float32Array, onnx: Float32Array, k: number, labels: ArrayLike<number>): Agreement {
  if (app.length !== onnx.length) throw new Error(`app gave ${app.length} outputs, onnx ${onnx.length}`);
  let maxAbsDiff = 0;
  for (let i = 0; i < app.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(app[i] - onnx[i]));
  const [pa, po] = [predictions(app, k), predictions(onnx, k)];
  let argmaxMismatches = 0;
  let appCorrect = 0;
  let onnxCorrect = 0;
  for (let i = 0; i < pa.length; i++) {
    if (pa[i] !== po[i]) argmaxMismatches++;
    if (pa[i] === labels[i]) appCorrect++;
    if (po[i] === labels[i]) onnxCorrect++;
  }
  if (!Number.isFinite(maxAbsDiff)) maxAbsDiff = Infinity;
  return { examples: pa.length, maxAbsDiff, argmaxMismatches, appCorrect, onnxCorrect };
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The app's model and the ONNX model on the first `examples` of `source`, batch by batch:
 * `feed` turns one batch (and its first example's index) into the ONNX inputs; `output` is
 * the ONNX output to compare. Returns both models' outputs, flat, and the labels.
 */
async function runBoth(
  model: tf.LayersModel,
  session: OrtSession,
  source: BatchSource,
  examples: number,
  batchSize: number,
  feed: (batch: TensorBatch, start: number) => Promise<Record<string, ort.Tensor>>,
  output: string,
): Promise<{ app: Float32Array; onnx: Float32Array; labels: Int32Array; k: number }> {
  const app: Float32Array[] = [];
  const onnx: Float32Array[] = [];
  const labels: number[] = [];
  let taken = 0;
  for (const batch of source.batches(batchSize)) {
    if (taken >= examples) {
      tf.dispose([batch.inputs, batch.labels]);
      break;
    }
    const inputs = await feed(batch, taken);
    labels.push(...(await batch.labels.data()));
    const y = model.predict(batch.inputs) as tf.Tensor;
    app.push((await y.data()) as Float32Array);
    tf.dispose([y, batch.inputs, batch.labels]);
    onnx.push((await session.run(inputs))[output].data as Float32Array);
    taken += batch.size;
  }
  return { app: concat(app), onnx: concat(onnx), labels: Int32Array.from(labels), k: app[0].length / Math.min(batchSize, source.count) };
}

/**
 * The app's model and the ONNX model on the first `examples` images of `source` (the app's
 * own normalised batches, NHWC [n, h, w, c], fed to ONNX as NCHW).
 */
export async function compareOnImages(model: tf.LayersModel, session: OrtSession, source: BatchSource, examples: number, batchSize = 250): Promise<Agreement> {
  const r = await runBoth(model, session, source, examples, batchSize, async (batch) => {
    const [n, h, w, c] = batch.inputs.shape;
    const x = (await batch.inputs.data()) as Float32Array;
    return { input: new ort.Tensor('float32', nhwcToNchw(x, n, h, w, c), [n, c, h, w]) };
  }, 'logits');
  return compare(r.app, r.onnx, r.k, r.labels);
}

/** Token ids of reviews [start, start + n) as an int64 [n, L] matrix padded with PAD_ID. */
export function tokenMatrix(set: TextSet, start: number, n: number): { data: BigInt64Array; length: number } {
  let length = 1;
  for (let i = start; i < start + n; i++) length = Math.max(length, reviewTokens(set, i).length);
  const data = new BigInt64Array(n * length).fill(BigInt(PAD_ID));
  for (let i = 0; i < n; i++) reviewTokens(set, start + i).forEach((id, t) => (data[i * length + t] = BigInt(id)));
  return { data, length };
}

/** The app's text model (bag-of-words batches of `source`) and the ONNX model (token ids of `set`) on the first `examples` reviews. */
export async function compareOnReviews(model: tf.LayersModel, session: OrtSession, source: BatchSource, set: TextSet, examples: number, batchSize = 100): Promise<Agreement> {
  const r = await runBoth(model, session, source, examples, batchSize, async (batch, start) => {
    const tokens = tokenMatrix(set, start, batch.size);
    return { tokens: new ort.Tensor('int64', tokens.data, [batch.size, tokens.length]) };
  }, 'logit');
  return compare(r.app, r.onnx, 1, r.labels);
}
