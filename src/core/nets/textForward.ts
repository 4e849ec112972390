// The text classifier's forward pass for one review in plain JS, from weight arrays:
// mean of the real tokens' embedding rows → ReLU(dense 200) → logit → probability.
// Used by the try-it box to score a typed review with the dense and the pruned weights
// side by side, without creating a tensor. Unit-tested against the tf model.

import { TEXT_EMBEDDING_DIM, TEXT_HIDDEN } from './textClassifier';

export interface TextWeights {
  /** [vocab × 100], row-major. */
  readonly embedding: Float32Array;
  /** [100 × 200] and [200]. */
  readonly fc1Kernel: Float32Array;
  readonly fc1Bias: Float32Array;
  /** [200 × 1] and [1]. */
  readonly fc2Kernel: Float32Array;
  readonly fc2Bias: Float32Array;
}

/** Positive-sentiment probability for a review given as token ids (padding id 0 ignored). */
export function textProbability(ids: ArrayLike<number>, w: TextWeights, padId = 0): number {
  const d = TEXT_EMBEDDING_DIM;
  const mean = new Float64Array(d);
  let n = 0;
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (id === padId) continue;
    n++;
    for (let j = 0; j < d; j++) mean[j] += w.embedding[id * d + j];
  }
  if (n > 0) for (let j = 0; j < d; j++) mean[j] /= n;
  let logit = w.fc2Bias[0];
  for (let h = 0; h < TEXT_HIDDEN; h++) {
    let z = w.fc1Bias[h];
    for (let j = 0; j < d; j++) z += mean[j] * w.fc1Kernel[j * TEXT_HIDDEN + h];
    if (z > 0) logit += z * w.fc2Kernel[h];
  }
  return 1 / (1 + Math.exp(-logit));
}
