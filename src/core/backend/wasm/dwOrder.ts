// How a convolution's filter gradient is split over the images before its partial sums are
// added: chunks of DW_CHUNK_IMAGES images, in groups when there are too few row tiles to share.
//
// Why this file exists: the dense filter gradient (ownConv.ts) and the held-mask one at kept
// positions (sparseTrain.ts) must add each weight's terms in the same order to give the same
// bits, so both take the split from here.
import { DW_CHUNK_IMAGES, MR_C } from './kernels/abi';

/** Row tiles of dW below which the images are split into groups as well. */
const TILE_TASKS = 16;

/** Row tiles of MR_C consecutive (fx, ci) of one filter row: the dense driver's tasks. */
export function dwTiles(kh: number, kwc: number): number {
  return kh * Math.ceil(kwc / MR_C);
}

/**
 * Images per group of the filter gradient of `images` images with `tiles` row tiles: with fewer
 * row tiles than TILE_TASKS (too few tasks to share), the images are split into groups summed
 * separately and then added in group order. The split depends on the shape only, never on the
 * thread count, so dW is the same on any number of threads.
 */
export function dwImagesPerGroup(tiles: number, images: number): number {
  const chunks = Math.ceil(images / DW_CHUNK_IMAGES);
  const groups = tiles >= TILE_TASKS ? 1 : Math.min(chunks, Math.ceil(TILE_TASKS / tiles));
  return Math.ceil(chunks / groups) * DW_CHUNK_IMAGES;
}
