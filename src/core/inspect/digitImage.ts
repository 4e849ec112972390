// Turns a hand-drawn digit into a LeNet-5 input the way MNIST was made: crop to the ink's
// bounding box, scale it (aspect kept, area-averaged) to fit a 20×20 box, place it in a
// 28×28 image so that its centre of mass is at the centre, then normalise like the
// training data ((x − 0.1307) / 0.3081). Pure: no tfjs, no DOM, so the UI can use it too.

import { MNIST_MEAN, MNIST_STD } from '../data/mnist';

export const DIGIT_SIZE = 28;
export const DIGIT_BOX = 20;

export interface InkImage {
  /** Ink intensity per pixel, 0 (none) to `maxValue`; e.g. the alpha channel of RGBA data. */
  readonly pixels: ArrayLike<number>;
  readonly width: number;
  readonly height: number;
  /** Distance between consecutive pixels in `pixels` (4 for RGBA) and the first one's index. */
  readonly stride?: number;
  readonly offset?: number;
  readonly maxValue?: number;
}

export interface DigitInput {
  /** 28×28 ink in [0, 1], row-major: what the network sees, before normalisation. */
  readonly image: Float32Array;
  /** The same, normalised like the training data: the model's input. */
  readonly normalised: Float32Array;
}

/** Ink below this fraction of full intensity does not count for the bounding box. */
const INK_THRESHOLD = 0.05;

/** The MNIST-style 28×28 input for a drawing, or null when nothing is drawn. */
export function digitInput(ink: InkImage): DigitInput | null {
  const { width, height } = ink;
  const stride = ink.stride ?? 1;
  const offset = ink.offset ?? 0;
  const scaleIn = 1 / (ink.maxValue ?? 255);
  const at = (x: number, y: number) => ink.pixels[offset + (y * width + x) * stride] * scaleIn;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (at(x, y) > INK_THRESHOLD) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  if (x1 < 0) return null;
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  const scale = DIGIT_BOX / Math.max(bw, bh);
  const ow = Math.max(1, Math.round(bw * scale));
  const oh = Math.max(1, Math.round(bh * scale));
  const box = resampleBox(at, x0, y0, bw, bh, ow, oh);

  // Centre of mass of the box, in box pixels (pixel centres at i + 0.5).
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const v = box[y * ow + x];
      mass += v;
      mx += (x + 0.5) * v;
      my += (y + 0.5) * v;
    }
  }
  const cx = mass > 0 ? mx / mass : ow / 2;
  const cy = mass > 0 ? my / mass : oh / 2;
  const clamp = (v: number, hi: number) => Math.min(Math.max(v, 0), hi);
  const left = clamp(Math.round(DIGIT_SIZE / 2 - cx), DIGIT_SIZE - ow);
  const top = clamp(Math.round(DIGIT_SIZE / 2 - cy), DIGIT_SIZE - oh);

  const image = new Float32Array(DIGIT_SIZE * DIGIT_SIZE);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) image[(top + y) * DIGIT_SIZE + left + x] = box[y * ow + x];
  }
  const normalised = image.map((v) => (v - MNIST_MEAN) / MNIST_STD);
  return { image, normalised };
}

/**
 * Area-averaging resample of the bw×bh region at (x0, y0) to ow×oh: each output pixel is
 * the mean of the source area it covers, with fractional coverage at its edges.
 */
function resampleBox(
  at: (x: number, y: number) => number,
  x0: number,
  y0: number,
  bw: number,
  bh: number,
  ow: number,
  oh: number,
): Float32Array {
  const out = new Float32Array(ow * oh);
  const sx = bw / ow;
  const sy = bh / oh;
  for (let oy = 0; oy < oh; oy++) {
    const ya = oy * sy;
    const yb = ya + sy;
    for (let ox = 0; ox < ow; ox++) {
      const xa = ox * sx;
      const xb = xa + sx;
      let sum = 0;
      for (let y = Math.floor(ya); y < Math.min(Math.ceil(yb), bh); y++) {
        const wy = Math.min(yb, y + 1) - Math.max(ya, y);
        for (let x = Math.floor(xa); x < Math.min(Math.ceil(xb), bw); x++) {
          const wx = Math.min(xb, x + 1) - Math.max(xa, x);
          sum += wx * wy * at(x0 + x, y0 + y);
        }
      }
      out[oy * ow + ox] = Math.min(1, sum / (sx * sy));
    }
  }
  return out;
}
