// How an imported model expects its pixels (ONNX files do not say): the tutorial's MNIST
// normalisation (the default), [0, 1] or [-1, 1]. The app's image batches compute
// (p / 255 − mean) / std from the set's mean and std, so an imported model is evaluated and
// trained on the MNIST set with its own mean and std in place of the tutorial's.

import type { ImageSet } from '../../data/batches';
import { MNIST_MEAN, MNIST_STD } from '../../data/mnist';

/** The normalisations an imported model can expect, in the order the page offers them. */
export const INPUT_NORM_IDS = ['mnist', 'unit', 'signed'] as const;
export type InputNorm = (typeof INPUT_NORM_IDS)[number];

export const INPUT_NORMS: Readonly<Record<InputNorm, { readonly mean: number; readonly std: number; readonly label: string }>> = {
  mnist: { mean: MNIST_MEAN, std: MNIST_STD, label: `MNIST mean ${MNIST_MEAN}, std ${MNIST_STD} (the tutorial's)` },
  unit: { mean: 0, std: 1, label: 'pixels in [0, 1]' },
  signed: { mean: 0.5, std: 0.5, label: 'pixels in [-1, 1]' },
};

export const DEFAULT_NORM: InputNorm = 'mnist';

export function isInputNorm(v: unknown): v is InputNorm {
  return (INPUT_NORM_IDS as readonly unknown[]).includes(v);
}

/** The image set as an imported model with normalisation `norm` reads it. */
export function withNorm(set: ImageSet, norm: InputNorm): ImageSet {
  const { mean, std } = INPUT_NORMS[norm];
  return { ...set, mean, std };
}
