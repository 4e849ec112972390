// Moves weights and masks between plain arrays and the model's tfjs variables:
// snapshots (checkpoints), writing anchor ⊙ mask into the model, and re-applying device
// masks after every optimizer step so momentum can never resurrect a pruned weight.

import * as tf from '@tensorflow/tfjs';
import { kernelName, type WeightSnapshot } from '../weights';

export async function snapshotWeights(model: tf.LayersModel): Promise<WeightSnapshot> {
  const weights = model.weights;
  const values = await Promise.all(weights.map(async (w) => new Float32Array(await w.read().data())));
  return { names: weights.map((w) => w.originalName), shapes: weights.map((w) => w.shape.map(Number)), values };
}

/**
 * Writes `snapshot` into the model, with the given layers' kernels replaced by `kernels`
 * (typically anchor ⊙ mask). Every other weight is restored from the snapshot.
 */
export function writeWeights(
  model: tf.LayersModel,
  snapshot: WeightSnapshot,
  replace: ReadonlyMap<string, Float32Array> = new Map(),
): void {
  const weights = model.weights;
  tf.tidy(() => {
    weights.forEach((w, i) => {
      const name = snapshot.names[i];
      if (w.originalName !== name) throw new Error(`weight order changed: ${w.originalName} ≠ ${name}`);
      const values = replace.get(name) ?? snapshot.values[i];
      w.write(tf.tensor(values, snapshot.shapes[i] as number[]));
    });
  });
}

/**
 * Device-side masks for the prunable kernels, re-applied after each optimizer step.
 * A select (not w·m) so pruned weights become +0: w·0 is −0 for negative w, which still
 * counts as zero but compresses worse and differs bit-wise from a freshly pruned model.
 */
/**
 * The masks a training run holds (CPU copies): one per layer's kernel, in layer order, plus
 * masks of other weights keyed by weight name (the biases of removed channels).
 */
export interface HeldMasks {
  readonly layers: readonly string[];
  readonly masks: readonly Uint8Array[];
  readonly others: ReadonlyMap<string, Uint8Array>;
}

export class DeviceMasks {
  private constructor(
    private readonly variables: tf.Variable[],
    private readonly masks: tf.Tensor[],
    private readonly zeros: tf.Tensor[],
  ) {}

  /**
   * Masks for the given layers' kernels, plus optional masks of other weights keyed by
   * weight name (the biases of removed channels, so relu(bias) cannot regrow during training).
   */
  static hold(model: tf.LayersModel, held: HeldMasks): DeviceMasks {
    return DeviceMasks.create(model, held.layers, held.masks, held.others);
  }

  static create(
    model: tf.LayersModel,
    layers: readonly string[],
    masks: readonly Uint8Array[],
    others: ReadonlyMap<string, Uint8Array> = new Map(),
  ): DeviceMasks {
    const entries: [string, Uint8Array][] = [...layers.map((layer, i): [string, Uint8Array] => [kernelName(layer), masks[i]]), ...others];
    // Find every weight before creating any tensor, so a bad name leaks nothing.
    const found = entries.map(([name, mask]) => {
      const w = model.weights.find((x) => x.originalName === name);
      if (!w) throw new Error(`no weight ${name} to mask`);
      return { w, mask, shape: w.shape.map(Number) };
    });
    return new DeviceMasks(
      found.map((f) => f.w.read() as tf.Variable),
      found.map((f) => tf.tensor(f.mask, f.shape, 'bool')),
      found.map((f) => tf.zeros(f.shape)),
    );
  }

  /** w ← mask ? w : +0 for every masked kernel. */
  apply(): void {
    tf.tidy(() => {
      this.variables.forEach((v, i) => v.assign(tf.where(this.masks[i], v, this.zeros[i])));
    });
  }

  dispose(): void {
    tf.dispose(this.masks);
    tf.dispose(this.zeros);
  }
}
