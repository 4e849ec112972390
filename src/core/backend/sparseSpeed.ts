// How much faster the model as it is (its weights and zeros) infers on the sparse kernels than
// on the dense ones: test-set images/s both ways, timed alternately in one run, and per conv or
// dense layer its own time both ways, beside the ideal ratio its multiply-adds allow.
//
// Why this file exists: the speed readout, the bench and the measurement scripts report the
// same figure, so it is computed in one place, from the model's weights as they are (a layer
// runs sparse only where its density is at or below the break-even, see sparseForm.ts).
import * as tf from '@tensorflow/tfjs';
import { inputBatches } from '../lab/latency';
import type { BatchSource } from '../train/batchSource';
import { idealSpeedup, type LayerSpeed, type SparseSpeed } from './speedText';
import { runsSparse, setSparseKernelsEnabled, sparseKernelsEnabled, sparseWarmupCalls, takesOneChannelKernel, type SparseKernel } from './wasm/sparseForm';

export type { LayerSpeed, SparseSpeed } from './speedText';

export interface SparseSpeedOptions {
  readonly examples?: number;
  readonly batchSize?: number;
  /** Timed passes each way (alternating), the fastest counts. */
  readonly repeats?: number;
  readonly signal?: AbortSignal;
}

/** The layer's kernel as [kh, kw, cin, cout] (a dense layer: [1, 1, in, out]), or null (no kernel). */
function kernelOf(layer: tf.layers.Layer): { shape: [number, number, number, number]; values: Float32Array } | null {
  const w = layer.getWeights()[0];
  if (w == null || (w.rank !== 2 && w.rank !== 4)) return null;
  const s = w.shape.map(Number);
  const shape: [number, number, number, number] = s.length === 2 ? [1, 1, s[0], s[1]] : [s[0], s[1], s[2], s[3]];
  return { shape, values: w.dataSync() as Float32Array };
}

/** Which sparse kernel a layer would take (sparseForm.ts's rule): the one-channel conv, or the batch-lanes one. */
function kernelFor(layer: tf.layers.Layer, shape: readonly number[], outShape: readonly number[]): SparseKernel {
  if (outShape.length !== 4) return 'lanes';
  const strides = (layer.getConfig() as { strides?: number | number[] }).strides ?? 1;
  const [sh, sw] = Array.isArray(strides) ? [strides[0], strides[strides.length - 1]] : [strides, strides];
  return takesOneChannelKernel(shape[2], sh, sw, outShape[2], shape[3]) ? 'oneChannel' : 'lanes';
}

const nonzero = (v: Float32Array) => v.reduce((n, x) => (x !== 0 ? n + 1 : n), 0);

function stopIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new DOMException('speed measurement stopped', 'AbortError');
}

/** Best of `repeats` times of `run` (on `images` images), once with the sparse kernels and once without, alternating (after warm-ups). */
async function bestBothWays(run: () => Promise<void>, images: number, repeats: number, signal?: AbortSignal): Promise<{ dense: number; sparse: number }> {
  const was = sparseKernelsEnabled();
  const best = { dense: Infinity, sparse: Infinity };
  try {
    // Sparse warm-ups until the weights have run on enough images to have their forms, then a dense one.
    for (const on of [...Array<boolean>(sparseWarmupCalls(images)).fill(true), false]) {
      setSparseKernelsEnabled(on);
      await run();
    }
    for (let r = 0; r < repeats; r++) {
      for (const on of r % 2 ? [false, true] : [true, false]) {
        stopIfAborted(signal);
        setSparseKernelsEnabled(on);
        const t0 = performance.now();
        await run();
        const ms = performance.now() - t0;
        if (on) best.sparse = Math.min(best.sparse, ms);
        else best.dense = Math.min(best.dense, ms);
      }
    }
  } finally {
    setSparseKernelsEnabled(was);
  }
  return best;
}

/** Per conv / dense layer of a sequential model: its time alone on `x` both ways, its size and density. */
async function layerSpeeds(model: tf.LayersModel, x: tf.Tensor, repeats: number, signal?: AbortSignal): Promise<LayerSpeed[]> {
  const out: LayerSpeed[] = [];
  let input = x.clone();
  try {
    for (const layer of model.layers) {
      const k = kernelOf(layer);
      if (k) {
        const a = input;
        const times = await bestBothWays(
          async () => {
            const y = layer.apply(a) as tf.Tensor;
            await y.data();
            y.dispose();
          },
          a.shape[0],
          repeats,
          signal,
        );
        const outShape = layer.computeOutputShape(a.shape) as number[];
        const pixels = outShape.length === 4 ? outShape[1] * outShape[2] : 1;
        const total = k.values.length;
        const kept = nonzero(k.values);
        const sparse = runsSparse(kept / total, k.shape[0] * k.shape[1] * k.shape[2], kernelFor(layer, k.shape, outShape), x.shape[0]);
        out.push({ name: layer.name, kept, total, macs: pixels * total, sparse, denseMs: times.dense, sparseMs: times.sparse });
      }
      const next = layer.apply(input) as tf.Tensor;
      input.dispose();
      input = next;
    }
  } finally {
    input.dispose();
  }
  return out;
}

/** The model's test-set inference speed on the sparse kernels against the dense ones (the caller's backend: wasm). */
export async function measureSparseSpeed(model: tf.LayersModel, source: BatchSource, opts: SparseSpeedOptions = {}): Promise<SparseSpeed> {
  const batchSize = opts.batchSize ?? 500;
  const repeats = Math.max(1, opts.repeats ?? 3);
  const inputs = inputBatches(source, opts.examples ?? source.count, batchSize);
  try {
    const examples = inputs.reduce((s, x) => s + x.shape[0], 0);
    const all = await bestBothWays(
      async () => {
        for (const x of inputs) {
          const y = model.predict(x) as tf.Tensor;
          await y.data();
          y.dispose();
        }
      },
      examples,
      repeats,
      opts.signal,
    );
    const layers = inputs.length ? await layerSpeeds(model, inputs[0], repeats, opts.signal) : [];
    const denseImagesPerSec = (examples * 1000) / all.dense;
    const sparseImagesPerSec = (examples * 1000) / all.sparse;
    return { examples, batchSize, denseImagesPerSec, sparseImagesPerSec, measured: sparseImagesPerSec / denseImagesPerSec, ideal: idealSpeedup(layers), layers };
  } finally {
    tf.dispose(inputs);
  }
}
