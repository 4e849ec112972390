// Test and measurement support (not part of the app): the predicted class of every image of
// a set, from the app's tfjs model and from onnxruntime-web on the same normalised batches
// (the app's own NHWC batches, fed to ONNX as NCHW or flat [N, 784]), for image-by-image
// comparisons of an imported or exported model.

import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-web';
import { iterateBatches, type ImageSet } from '../data/batches';
import { nhwcToNchw, predictions, type OrtSession } from './onnxRuntime';

export interface OrtIo {
  readonly inputName: string;
  readonly outputName: string;
  readonly layout: 'nchw' | 'flat';
}

export interface BothPredictions {
  readonly app: Int32Array;
  readonly onnx: Int32Array | null;
  readonly labels: Int32Array;
}

/** Predictions of `model` (and of `session` when given) on every image of `set`. */
export async function predictBoth(model: tf.LayersModel, set: ImageSet, session: OrtSession | null, io: OrtIo, batchSize = 500): Promise<BothPredictions> {
  const app = new Int32Array(set.count);
  const onnx = session ? new Int32Array(set.count) : null;
  const labels = new Int32Array(set.count);
  const { height: h, width: w, channels: c } = set;
  let at = 0;
  for (const batch of iterateBatches(set, batchSize)) {
    const n = batch.size;
    const pred = tf.tidy(() => (model.predict(tf.tensor4d(batch.x, [n, h, w, c])) as tf.Tensor).argMax(-1));
    app.set((await pred.data()) as Int32Array, at);
    pred.dispose();
    labels.set(batch.labels, at);
    if (session && onnx) {
      const x = nhwcToNchw(batch.x, n, h, w, c);
      const input = new ort.Tensor('float32', x, io.layout === 'flat' ? [n, c * h * w] : [n, c, h, w]);
      const out = (await session.run({ [io.inputName]: input }))[io.outputName];
      onnx.set(predictions(out.data as Float32Array, out.dims[1]), at);
    }
    at += n;
  }
  return { app, onnx, labels };
}

/** Indices of the images whose prediction is not the label. */
export function wrongIndices(pred: Int32Array, labels: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < pred.length; i++) if (pred[i] !== labels[i]) out.push(i);
  return out;
}
