// Deep Compression as one job on the lab's model: prune (per-layer rates, iterative
// prune → retrain rounds with the masks held, or the start's own zeros), quantize (k-means
// weight sharing per layer), fine-tune the shared centroids, then Huffman-code into the
// file format, decode the file back and check it gives the quantized weights bit for bit.
// Each stage reports its bytes (all metadata counted) and its measured test accuracy.

import type * as tf from '@tensorflow/tfjs';
import { methodFor } from '../method';
import { DeviceMasks, snapshotWeights, writeWeights } from '../train/modelWeights';
import { PruneController } from '../prune/controller';
import { evaluate } from '../train/evaluate';
import { createOptimizer, type SolverSettings } from '../train/optimizers';
import { trainModel, type TrainProgress } from '../train/trainLoop';
import { batchCount } from '../data/batches';
import type { LabContext } from '../lab/context';
import { kernelName, layerKernels, type WeightSnapshot } from '../weights';
import { CentroidSGD } from './centroidSgd';
import { decodeCompressed, encodeCompressed } from './format';
import { dequantize, type CompressedWeight, type QuantizedKernel } from './quantized';
import { prunedLayerBytes, quantizeKernel, quantizedLayerBytes } from './quantize';
import { layerRows, type CompressResult, type StageRow } from './stages';

export interface TrainPhase extends SolverSettings {
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: number;
}

export interface CompressOptions {
  readonly modelId: string;
  /** Fraction of each layer's weights to keep; null keeps the start's own zeros (an already pruned model). */
  readonly keep: Readonly<Record<string, number>> | null;
  /** Prune → retrain rounds; the kept fraction falls geometrically to `keep` over them. */
  readonly rounds: number;
  /** Retraining after each round (masks held). */
  readonly retrain: TrainPhase;
  readonly bits: Readonly<Record<string, number>>;
  /** Centroid fine-tuning (summed gradients of shared weights); epochs 0 skips it. */
  readonly finetune: TrainPhase;
}

export interface CompressProgress {
  readonly stage: string;
  /** Training steps done and in all (the time estimate scales with them). */
  readonly done: number;
  readonly total: number;
  readonly train?: TrainProgress;
}

function abortError(): DOMException {
  return new DOMException('compression stopped', 'AbortError');
}

/** Per-layer masks: each layer pruned by magnitude to its own rate, the anchor's zeros kept. */
export function layerMasks(layers: readonly string[], anchor: WeightSnapshot, keep: Readonly<Record<string, number>>): Uint8Array[] {
  const controller = new PruneController(layers, anchor);
  return layers.map((layer, i) => controller.compute(methodFor(layers, { layers: [layer], rate: 1 - (keep[layer] ?? 1), scope: 'layer' })).masks[i]);
}

function maskOfZeros(values: Float32Array): Uint8Array {
  return Uint8Array.from(values, (v) => (v === 0 ? 0 : 1));
}

export async function runCompression(
  ctx: LabContext,
  start: WeightSnapshot,
  opts: CompressOptions,
  onProgress: (p: CompressProgress) => void = () => undefined,
  signal?: AbortSignal,
): Promise<CompressResult> {
  const t0 = performance.now();
  const model = ctx.model;
  const steps = (p: TrainPhase) => p.epochs * batchCount(ctx.trainSet.count, p.batchSize);
  const rounds = opts.keep ? opts.rounds : 0;
  const total = rounds * steps(opts.retrain) + steps(opts.finetune);
  let done = 0;
  const measure = async () => {
    if (signal?.aborted) throw abortError();
    const r = await evaluate(model, ctx.testSet, { task: ctx.task, signal });
    return { accuracy: r.accuracy, correct: r.correct, count: r.count };
  };
  const train = async (stage: string, phase: TrainPhase, optimizer: tf.Optimizer, afterStep?: () => void) => {
    const first = done;
    const result = await trainModel(model, ctx.trainSet, {
      epochs: phase.epochs,
      batchSize: phase.batchSize,
      seed: phase.seed,
      optimizer,
      task: ctx.task,
      signal,
      afterStep,
      onProgress: (p) => {
        done = first + p.step;
        onProgress({ stage, done, total, train: p });
      },
    });
    done = first + steps(phase);
    if (result.stopped) throw abortError();
  };

  writeWeights(model, start);
  const denseBytes = 4 * start.values.reduce((s, v) => s + v.length, 0);
  onProgress({ stage: 'measuring the start', done, total });
  const stages: StageRow[] = [{ stage: 'dense', bytes: denseBytes, ...(await measure()) }];

  // Stage 1: pruning.
  let masks = layerKernels(start, ctx.layers).map(maskOfZeros);
  let weights = start;
  for (let r = 1; r <= rounds && opts.keep; r++) {
    const keep = Object.fromEntries(ctx.layers.map((l) => [l, Math.pow(opts.keep?.[l] ?? 1, r / rounds)]));
    masks = layerMasks(ctx.layers, weights, keep);
    const device = DeviceMasks.create(model, ctx.layers, masks);
    const optimizer = createOptimizer(opts.retrain);
    try {
      device.apply();
      await train(`pruning round ${r}/${rounds}: retraining`, { ...opts.retrain, seed: opts.retrain.seed + r }, optimizer, () => device.apply());
    } finally {
      device.dispose();
      optimizer.dispose();
    }
    weights = await snapshotWeights(model);
  }
  const kernels = layerKernels(weights, ctx.layers);
  const rawBytes = weights.values.reduce((s, v, i) => s + (ctx.layers.some((l) => kernelName(l) === weights.names[i]) ? 0 : 4 * v.length), 0);
  stages.push({ stage: 'pruned', bytes: rawBytes + masks.reduce((s, m) => s + prunedLayerBytes(m), 0), ...(await measure()) });

  // Stage 2: trained quantization.
  onProgress({ stage: 'k-means weight sharing', done, total });
  let quantized: QuantizedKernel[] = ctx.layers.map((l, i) =>
    quantizeKernel(kernelName(l), weights.shapes[weights.names.indexOf(kernelName(l))], kernels[i], masks[i], opts.bits[l] ?? 5),
  );
  const quantizedBytes = rawBytes + quantized.reduce((s, q) => s + quantizedLayerBytes(q), 0);
  const byVariable = quantized.map((q) => {
    const w = model.weights.find((x) => x.originalName === q.name);
    if (!w) throw new Error(`no weight ${q.name}`);
    return { variable: w.read() as tf.Variable, q };
  });
  const optimizer = new CentroidSGD(opts.finetune.learningRate, opts.finetune.momentum, byVariable);
  try {
    stages.push({ stage: 'quantized', bytes: quantizedBytes, ...(await measure()) });
    if (opts.finetune.epochs > 0) {
      await train('fine-tuning the shared centroids', opts.finetune, optimizer);
      const centroids = await optimizer.centroids();
      quantized = byVariable.map(({ variable, q }) => ({ ...q, centroids: centroids.get(variable.name) ?? q.centroids }));
      stages.push({ stage: 'finetuned', bytes: quantizedBytes, ...(await measure()) });
    }
  } finally {
    optimizer.dispose();
  }

  // Stage 3: Huffman coding into the file, decoded back into the model.
  onProgress({ stage: 'Huffman coding', done, total });
  const current = await snapshotWeights(model);
  const all: CompressedWeight[] = current.names.map((name, i) => {
    const q = quantized.find((x) => x.name === name);
    return q ?? { kind: 'raw', name, shape: current.shapes[i], values: current.values[i] };
  });
  const { bytes: file, layers } = encodeCompressed({ modelId: opts.modelId, weights: all });
  const decoded = dequantize(decodeCompressed(file));
  const bitIdentical = decoded.values.every((v, i) => sameBits(v, current.values[i]));
  writeWeights(model, decoded);
  stages.push({ stage: 'huffman', bytes: file.length, ...(await measure()) });
  return {
    stages,
    layers: layerRows(ctx.layers, quantized, layers),
    file,
    denseBytes,
    bitIdentical,
    seconds: (performance.now() - t0) / 1000,
  };
}

export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}
