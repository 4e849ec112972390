// The sizes of a model as it is: the storage formats of size.ts plus gzip, computed from a
// snapshot's actual weights (optionally with pruned kernels replaced).

import { replaceWeights, kernelName, type WeightSnapshot } from '../weights';
import type { NmPattern } from '../method';
import { gzipBytes, nmSizeReport, sizeReport, type NmSizeReport, type SizeReport, type TensorForSize } from './size';

export interface ModelSizeReport extends SizeReport {
  readonly gzipBytes: number;
  /** The N:M compressed size (values + indices), when the model was pruned N:M. */
  readonly nm: NmSizeReport | null;
}

export async function modelSizes(snapshot: WeightSnapshot, prunableLayers: readonly string[], replace?: ReadonlyMap<string, Float32Array>, nm?: NmPattern): Promise<ModelSizeReport> {
  const weights = replaceWeights(snapshot, replace);
  const prunable = new Set(prunableLayers.map(kernelName));
  const tensors: TensorForSize[] = weights.names.map((name, i) => ({ name, shape: weights.shapes[i], values: weights.values[i], prunable: prunable.has(name) }));
  return { ...sizeReport(tensors), gzipBytes: await gzipBytes(tensors), nm: nm ? nmSizeReport(tensors, nm) : null };
}
