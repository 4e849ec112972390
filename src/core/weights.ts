// Weights as plain arrays, and what is true of them: the WeightSnapshot every checkpoint,
// export and import uses, the one kernel-name rule, and zero counts per layer. Every
// sparsity figure the lab shows is counted here from the actual weights, never derived
// from what was requested. No tfjs: the UI side may import it.

/** A copy of every model weight (kernels and biases), in model.weights order. */
export interface WeightSnapshot {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly values: readonly Float32Array[];
}

/** The kernel variable's name (e.g. "conv1/kernel") of a prunable layer. */
export function kernelName(layer: string): string {
  return `${layer}/kernel`;
}

/** The bias variable's name (e.g. "fc1/bias") of a layer. */
export function biasName(layer: string): string {
  return `${layer}/bias`;
}

/** Index of weight `name` in the snapshot (throws when it is missing). */
export function indexOfWeight(snapshot: WeightSnapshot, name: string): number {
  const i = snapshot.names.indexOf(name);
  if (i < 0) throw new Error(`weight ${name} not found in snapshot (have ${snapshot.names.join(', ')})`);
  return i;
}

/** The values of weight `name` (throws when it is missing). */
export function weightValues(snapshot: WeightSnapshot, name: string): Float32Array {
  return snapshot.values[indexOfWeight(snapshot, name)];
}

/** Kernel values of the given layers, as views into the snapshot. */
export function layerKernels(snapshot: WeightSnapshot, layers: readonly string[]): Float32Array[] {
  return layers.map((l) => weightValues(snapshot, kernelName(l)));
}

/** Shape of a layer's kernel. */
export function kernelShape(snapshot: WeightSnapshot, layer: string): readonly number[] {
  return snapshot.shapes[indexOfWeight(snapshot, kernelName(layer))];
}

/** A snapshot with some weights replaced (e.g. anchor ⊙ mask), keyed by weight name. */
export function replaceWeights(snapshot: WeightSnapshot, replace?: ReadonlyMap<string, Float32Array>): WeightSnapshot {
  if (!replace || replace.size === 0) return snapshot;
  return { ...snapshot, values: snapshot.names.map((name, i) => replace.get(name) ?? snapshot.values[i]) };
}

/** Exact zeros (+0 and −0) in `values`. */
export function zeroCount(values: ArrayLike<number>): number {
  let zeros = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 0) zeros++;
  return zeros;
}

/** One prunable layer as it is: weights in its kernel, how many are zero, whether it is selected for pruning. */
export interface LayerCount {
  readonly name: string;
  readonly size: number;
  readonly zeros: number;
  readonly selected: boolean;
}

/** Zero counts of every prunable layer's kernel in `snapshot`. */
export function layerCounts(snapshot: WeightSnapshot, layers: readonly string[], selected: readonly string[]): LayerCount[] {
  return layerKernels(snapshot, layers).map((k, i) => ({
    name: layers[i],
    size: k.length,
    zeros: zeroCount(k),
    selected: selected.includes(layers[i]),
  }));
}

export interface SparsityTotals {
  /** Weights counted, zeros among them, and zeros / weights (0 when nothing is counted). */
  readonly weights: number;
  readonly zeros: number;
  readonly sparsity: number;
}

/** Totals over the selected layers (the slider's share) or over every prunable layer. */
export function sparsityTotals(counts: readonly LayerCount[], over: 'selected' | 'all'): SparsityTotals {
  let weights = 0;
  let zeros = 0;
  for (const c of counts) {
    if (over === 'selected' && !c.selected) continue;
    weights += c.size;
    zeros += c.zeros;
  }
  return { weights, zeros, sparsity: weights ? zeros / weights : 0 };
}

/** Zeros over the prunable kernels of `snapshot`, every prunable layer counted. */
export function kernelSparsity(snapshot: WeightSnapshot, layers: readonly string[]): number {
  return sparsityTotals(layerCounts(snapshot, layers, layers), 'all').sparsity;
}
