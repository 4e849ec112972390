// The tutorial's IMDB sentiment model, done right: Embedding(10,002, 100) → mean over the
// review's real tokens (padding excluded) → dense 200 ReLU → dense 1 (logit). 1,020,601
// parameters. The mean of embeddings equals a normalised bag-of-words vector times the
// embedding table, so the input is that [vocab] vector (src/core/data/imdb.ts bagOfWords)
// and the first layer, named "embedding", is the bias-free [10,002 × 100] table: the same
// function with no padding to mask and no [batch × length × 100] gather.

import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../data/random';
import { layerInit } from './init';

export const TEXT_EMBEDDING_DIM = 100;
export const TEXT_HIDDEN = 200;

export function textClassifierParams(vocabSize: number): number {
  return vocabSize * TEXT_EMBEDDING_DIM + (TEXT_EMBEDDING_DIM + 1) * TEXT_HIDDEN + (TEXT_HIDDEN + 1);
}

export function buildTextClassifier(seed: number, vocabSize: number): tf.Sequential {
  const model = tf.sequential({ name: 'imdb' });
  model.add(
    tf.layers.dense({
      name: 'embedding',
      inputShape: [vocabSize],
      units: TEXT_EMBEDDING_DIM,
      useBias: false,
      // nn.Embedding's default: N(0, 1)
      kernelInitializer: tf.initializers.randomNormal({ mean: 0, stddev: 1, seed: deriveSeed(seed, 100) }),
    }),
  );
  model.add(
    // PyTorch's nn.Linear default, as in the tutorial (see lenet5.ts on why this matters for pruning).
    tf.layers.dense({ name: 'fc1', units: TEXT_HIDDEN, activation: 'relu', ...layerInit('torch', TEXT_EMBEDDING_DIM, seed, 1) }),
  );
  model.add(tf.layers.dense({ name: 'fc2', units: 1, ...layerInit('torch', TEXT_HIDDEN, seed, 2) }));
  return model;
}
