// CPU copies of a training run's state (every model weight, the optimizer's slots and
// the position in the run), taken without stalling the device: between two steps the
// tensors are cloned (a clone shares the device buffer, so this costs nothing) and read
// back asynchronously while training goes on. After a lost GPU device, restoreSnapshot
// writes them into the model and a fresh optimizer on the next backend, and training
// resumes at the snapshot's cursor, replaying the same deterministic batches.

import * as tf from '@tensorflow/tfjs';
import { writeWeights } from './modelWeights';
import type { WeightSnapshot } from '../weights';

/** A position in a training run: the next batch to train. */
export interface TrainCursor {
  /** Epoch index from 0. */
  readonly epoch: number;
  /** Next batch of that epoch; equal to the batch count once its batches are done (onEpochEnd pending). */
  readonly batch: number;
  /** Steps and examples done before this position. */
  readonly step: number;
  readonly examples: number;
}

export const RUN_START: TrainCursor = { epoch: 0, batch: 0, step: 0, examples: 0 };

export interface SlotArray {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int32';
  readonly values: Float32Array | Int32Array;
}

export interface TrainSnapshot {
  readonly cursor: TrainCursor;
  readonly weights: WeightSnapshot;
  /** optimizer.getWeights() as plain arrays: the iteration count, then the slots. */
  readonly optimizer: readonly SlotArray[];
}

/**
 * Clones the model's weights and the optimizer's state now (between steps) and returns the
 * read-back still in flight: `done` resolves with the CPU copy, or rejects if the device
 * was lost before it arrived. The clones are released either way.
 */
export async function captureSnapshot(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  cursor: TrainCursor,
): Promise<{ readonly done: Promise<TrainSnapshot> }> {
  const named = await optimizer.getWeights();
  const weights = model.weights;
  // getWeights returns the live slot variables (clone them) and a fresh iteration scalar (ours).
  const slots = named.map((n) => (n.tensor instanceof tf.Variable ? n.tensor.clone() : n.tensor));
  const values = weights.map((w) => w.read().clone());
  const read = async (): Promise<TrainSnapshot> => {
    try {
      const [w, s] = await Promise.all([Promise.all(values.map((t) => t.data())), Promise.all(slots.map((t) => t.data()))]);
      return {
        cursor,
        weights: {
          names: weights.map((x) => x.originalName),
          shapes: weights.map((x) => x.shape.map(Number)),
          values: w.map((v) => Float32Array.from(v)),
        },
        optimizer: named.map((n, i) => ({
          name: n.name,
          shape: n.tensor.shape,
          dtype: n.tensor.dtype === 'int32' ? 'int32' : 'float32',
          values: n.tensor.dtype === 'int32' ? Int32Array.from(s[i]) : Float32Array.from(s[i]),
        })),
      };
    } finally {
      tf.dispose([...values, ...slots]);
    }
  };
  return { done: read() };
}

/** Writes a snapshot's weights into `model` and its slots into `optimizer` (a fresh one, on the active backend). */
export async function restoreSnapshot(model: tf.LayersModel, optimizer: tf.Optimizer, snapshot: TrainSnapshot): Promise<void> {
  writeWeights(model, snapshot.weights);
  const tensors = snapshot.optimizer.map((s) => ({ name: s.name, tensor: tf.tensor(s.values, [...s.shape], s.dtype) }));
  try {
    await optimizer.setWeights(tensors); // the optimizer's variables keep their own references
  } finally {
    tf.dispose(tensors.map((t) => t.tensor));
  }
}
