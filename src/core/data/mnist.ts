// MNIST: the official IDX files (60,000 train / 10,000 test) decoded into ImageSets,
// normalised as in the tutorial (mean 0.1307, std 0.3081).

import type { ImageSet } from './batches';
import { parseIdx } from './idx';

export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;
export const MNIST_TRAIN_COUNT = 60000;
export const MNIST_TEST_COUNT = 10000;
/** md5 of the uncompressed official train-images-idx3-ubyte (docs/architecture.md, Data). */
export const MNIST_TRAIN_IMAGES_MD5 = '6bbc9ace898e44ae57da46a324031adb';

export interface MnistFiles {
  readonly trainImages: Uint8Array;
  readonly trainLabels: Uint8Array;
  readonly testImages: Uint8Array;
  readonly testLabels: Uint8Array;
}

export interface Mnist {
  readonly train: ImageSet;
  readonly test: ImageSet;
}

function toSet(images: Uint8Array, labels: Uint8Array, split: 'train' | 'test', count: number): ImageSet {
  const img = parseIdx(images, { name: `mnist ${split}-images`, rank: 3, itemShape: [28, 28], count });
  const lab = parseIdx(labels, { name: `mnist ${split}-labels`, rank: 1, count, maxValueExclusive: 10 });
  return {
    images: img.data,
    labels: lab.data,
    count,
    height: 28,
    width: 28,
    channels: 1,
    numClasses: 10,
    mean: MNIST_MEAN,
    std: MNIST_STD,
  };
}

/** Parses and validates one split's images and labels. */
export function decodeMnistSplit(images: Uint8Array, labels: Uint8Array, split: 'train' | 'test'): ImageSet {
  return toSet(images, labels, split, split === 'train' ? MNIST_TRAIN_COUNT : MNIST_TEST_COUNT);
}

/** Parses and validates the four official files. */
export function decodeMnist(files: MnistFiles): Mnist {
  return {
    train: toSet(files.trainImages, files.trainLabels, 'train', MNIST_TRAIN_COUNT),
    test: toSet(files.testImages, files.testLabels, 'test', MNIST_TEST_COUNT),
  };
}
