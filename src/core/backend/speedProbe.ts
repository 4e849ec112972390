// The start-up training probe (docs/architecture.md, Backends): a few real LeNet-5 SGD steps on the active
// backend with random inputs, timed after a warm-up step (which pays for shader
// compilation or kernel set-up), so the backend choice can race a GPU against wasm.
// Steps are queued in chunks and only a chunk's last loss is read back, as in the
// training loop, so a GPU is not measured with a pipeline stall after every step.

import * as tf from '@tensorflow/tfjs';
import { buildLenet5 } from '../nets/lenet5';
import { momentumSGD } from '../train/optimizers';
import { softmaxTask } from '../train/task';

export interface SpeedProbeOptions {
  readonly batchSize?: number;
  /** Timed steps stop once this much time has passed (at least `minSteps` run). */
  readonly budgetMs?: number;
  readonly minSteps?: number;
  readonly maxSteps?: number;
}

export interface SpeedProbeResult {
  readonly imagesPerSec: number;
  /** Timed steps (the warm-up step is not counted) and their wall time. */
  readonly steps: number;
  readonly ms: number;
}

/** A LeNet-5 SGD step on fixed random inputs, for timing and profiling. */
export interface LenetStep {
  readonly model: tf.LayersModel;
  /** One optimizer step; resolves once its loss is readable (the step is really done). */
  step(): Promise<void>;
  /** `n` optimizer steps queued back to back; resolves once the last one's loss is readable. */
  run(n: number): Promise<void>;
  dispose(): void;
}

export function lenetTrainingStep(batchSize: number): LenetStep {
  const model = buildLenet5(1);
  const optimizer = momentumSGD(0.01, 0.5);
  const task = softmaxTask(10);
  const xs = tf.randomUniform([batchSize, 28, 28, 1], 0, 1, 'float32', 7);
  const ys = tf.tensor1d(Array.from({ length: batchSize }, (_, i) => i % 10), 'int32');
  const run = async (n: number) => {
    let loss: tf.Scalar | null = null;
    for (let i = 0; i < n; i++) {
      loss?.dispose();
      loss = optimizer.minimize(() => task.loss(model.apply(xs, { training: true }) as tf.Tensor, ys), true);
    }
    await loss?.data();
    loss?.dispose();
  };
  return {
    model,
    step: () => run(1),
    run,
    dispose() {
      xs.dispose();
      ys.dispose();
      optimizer.dispose();
      model.dispose();
    },
  };
}

/** Most steps queued before a read-back. */
const CHUNK_MAX = 8;

/** Training speed of LeNet-5 on the active backend. Leaves no tensor behind. */
export async function trainingSpeed(opts: SpeedProbeOptions = {}): Promise<SpeedProbeResult> {
  const { batchSize = 64, budgetMs = 600, minSteps = 2, maxSteps = 20 } = opts;
  const probe = lenetTrainingStep(batchSize);
  try {
    await probe.step();
    const t0 = performance.now();
    let steps = 0;
    while (steps < maxSteps && (steps < minSteps || performance.now() - t0 < budgetMs)) {
      // The first chunk is exactly minSteps; later ones grow with what is done, capped at maxSteps.
      const n = steps < minSteps ? minSteps - steps : Math.min(Math.max(1, steps), CHUNK_MAX, maxSteps - steps);
      await probe.run(n);
      steps += n;
    }
    const ms = performance.now() - t0;
    return { imagesPerSec: (steps * batchSize * 1000) / ms, steps, ms };
  } finally {
    probe.dispose();
  }
}
