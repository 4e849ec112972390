// Test-only fixtures: a tiny synthetic image set and a small conv net, so unit tests of
// the training and pruning machinery run in milliseconds on tfjs-cpu.

import * as tf from '@tensorflow/tfjs';
import type { ImageSet } from '../data/batches';
import { snapshotWeights } from '../train/modelWeights';
import { imageBatchSource, type BatchSource } from '../train/batchSource';
import { createOptimizer, type OptimizerSettings } from '../train/optimizers';
import { trainModel } from '../train/trainLoop';
import type { WeightSnapshot } from '../weights';

/** 28×28 images where class k lights up row band k (k < 4). Unit tests only. */
export function syntheticSet(count: number, seed: number): ImageSet {
  const images = new Uint8Array(count * 784);
  const labels = new Uint8Array(count);
  let s = seed;
  for (let i = 0; i < count; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const k = s % 4;
    labels[i] = k;
    for (let r = k * 7; r < k * 7 + 5; r++) for (let c = 4; c < 24; c++) images[i * 784 + r * 28 + c] = 255;
  }
  return { images, labels, count, height: 28, width: 28, channels: 1, numClasses: 10, mean: 0.1307, std: 0.3081 };
}

/** conv 'c1' (2 filters 5×5, stride 3) → flatten → dense 'd1' (10): 3,872 weights to prune. */
export function tinyNet(seed: number): tf.Sequential {
  const init = { kernelInitializer: tf.initializers.glorotUniform({ seed }) };
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ name: 'c1', inputShape: [28, 28, 1], filters: 2, kernelSize: 5, strides: 3, activation: 'relu', ...init }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ name: 'd1', units: 10, ...init }),
    ],
  });
}

export const TINY_PRUNABLE = ['c1', 'd1'] as const;

export interface TrainedTinyNet {
  readonly model: tf.Sequential;
  /** The weights before training (lottery-ticket rewinding). */
  readonly initial: WeightSnapshot;
  /** The 64 synthetic images it trained on. */
  readonly trainSet: BatchSource;
}

/** tinyNet(seed) trained 2 epochs (batch 16) on 64 synthetic images with `settings`'s optimizer. */
export async function trainedTinyNet(seed: number, settings: OptimizerSettings): Promise<TrainedTinyNet> {
  const model = tinyNet(seed);
  const initial = await snapshotWeights(model);
  const trainSet = imageBatchSource(syntheticSet(64, seed));
  const optimizer = createOptimizer(settings);
  await trainModel(model, trainSet, { epochs: 2, batchSize: 16, seed, optimizer });
  optimizer.dispose();
  return { model, initial, trainSet };
}
