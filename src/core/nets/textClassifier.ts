// The tutorial's IMDB sentiment model, done right: Embedding(10,002, 100) → mean over the
// review's real tokens (padding excluded) → dense 200 ReLU → dense 1 (logit). 1,020,601
// parameters. The mean of embeddings equals a normalised bag-of-words vector times the
// embedding table, so the input is that [vocab] vector (src/core/data/imdb.ts bagOfWords)
// and the first layer, named "embedding", is the bias-free [10,002 × 100] table: the same
// function with no padding to mask and no [batch × length × 100] gather. The architecture
// is the catalog's description (PyTorch's default initialisers, N(0, 1) for the table).

import type * as tf from '@tensorflow/tfjs';
import { buildModel } from './buildModel';
import { MODEL_INFO } from '../models/catalog';
import { paramCount } from '../models/description';

export const TEXT_EMBEDDING_DIM = 100;
export const TEXT_HIDDEN = 200;

export function textClassifierParams(vocabSize: number): number {
  return paramCount(MODEL_INFO.imdb, vocabSize);
}

export function buildTextClassifier(seed: number, vocabSize: number): tf.Sequential {
  return buildModel(MODEL_INFO.imdb, seed, vocabSize);
}
