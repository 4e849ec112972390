// Moves weights and masks between plain arrays and the model's tfjs variables:
// snapshots (checkpoints), writing anchor ⊙ mask into the model, and re-applying device
// masks after every optimizer step so momentum can never resurrect a pruned weight.

import * as tf from '@tensorflow/tfjs';

/** A copy of every model weight (kernels and biases), in model.weights order. */
export interface WeightSnapshot {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly values: readonly Float32Array[];
}

export async function snapshotWeights(model: tf.LayersModel): Promise<WeightSnapshot> {
  const weights = model.weights;
  const values = await Promise.all(weights.map(async (w) => new Float32Array(await w.read().data())));
  return { names: weights.map((w) => w.originalName), shapes: weights.map((w) => w.shape.map(Number)), values };
}

/** The kernel variable's name (e.g. "conv1/kernel") of a prunable layer. */
export function kernelName(layer: string): string {
  return `${layer}/kernel`;
}

function indexOfWeight(snapshot: WeightSnapshot, name: string): number {
  const i = snapshot.names.indexOf(name);
  if (i < 0) throw new Error(`weight ${name} not found in snapshot (have ${snapshot.names.join(', ')})`);
  return i;
}

/** Kernel values of the given layers, as views into the snapshot. */
export function layerKernels(snapshot: WeightSnapshot, layers: readonly string[]): Float32Array[] {
  return layers.map((l) => snapshot.values[indexOfWeight(snapshot, kernelName(l))]);
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
export class DeviceMasks {
  private constructor(
    private readonly variables: tf.Variable[],
    private readonly masks: tf.Tensor[],
    private readonly zeros: tf.Tensor[],
  ) {}

  static create(model: tf.LayersModel, layers: readonly string[], masks: readonly Uint8Array[]): DeviceMasks {
    const vars: tf.Variable[] = [];
    const tensors: tf.Tensor[] = [];
    const zeros: tf.Tensor[] = [];
    layers.forEach((layer, i) => {
      const w = model.weights.find((x) => x.originalName === kernelName(layer));
      if (!w) throw new Error(`no kernel for layer ${layer}`);
      const shape = w.shape.map(Number);
      vars.push(w.read() as tf.Variable);
      tensors.push(tf.tensor(masks[i], shape, 'bool'));
      zeros.push(tf.zeros(shape));
    });
    return new DeviceMasks(vars, tensors, zeros);
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
