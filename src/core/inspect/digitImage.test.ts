import { describe, expect, it } from 'vitest';
import { MNIST_MEAN, MNIST_STD } from '../data/mnist';
import { DIGIT_SIZE, digitInput } from './digitImage';

/** A w×h canvas (alpha only) with the rectangle [x0, x1) × [y0, y1) inked at full strength. */
function canvas(w: number, h: number, rects: [number, number, number, number][]): Uint8Array {
  const px = new Uint8Array(w * h);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) px[y * w + x] = 255;
  return px;
}

function bbox(img: Float32Array) {
  let [x0, y0, x1, y1] = [DIGIT_SIZE, DIGIT_SIZE, -1, -1];
  let [mass, mx, my] = [0, 0, 0];
  img.forEach((v, i) => {
    const x = i % DIGIT_SIZE;
    const y = Math.floor(i / DIGIT_SIZE);
    if (v > 0) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    mass += v;
    mx += (x + 0.5) * v;
    my += (y + 0.5) * v;
  });
  return { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1, cx: mx / mass, cy: my / mass };
}

describe('digitInput (MNIST-style preprocessing)', () => {
  it('returns null for an empty drawing', () => {
    expect(digitInput({ pixels: new Uint8Array(280 * 280), width: 280, height: 280 })).toBeNull();
  });

  it('fits the ink into 20×20 keeping its aspect, centres its mass and normalises like MNIST', () => {
    // A tall bar (40 × 200 px) far in the top-left corner of a 280 × 280 canvas.
    const d = digitInput({ pixels: canvas(280, 280, [[10, 5, 50, 205]]), width: 280, height: 280 });
    if (!d) throw new Error('no digit');
    const b = bbox(d.image);
    expect(b.h).toBe(20);
    expect(b.w).toBe(4);
    expect(b.cx).toBeCloseTo(14, 0);
    expect(b.cy).toBeCloseTo(14, 0);
    expect(Math.max(...d.image)).toBeCloseTo(1, 5);
    expect(d.normalised[0]).toBeCloseTo((0 - MNIST_MEAN) / MNIST_STD, 6);
    const i = d.image.indexOf(Math.max(...d.image));
    expect(d.normalised[i]).toBeCloseTo((1 - MNIST_MEAN) / MNIST_STD, 5);
  });

  it('averages areas (anti-aliased edges) and reads RGBA alpha with stride and offset', () => {
    // An L of 3 px strokes in a 100 px box, scaled by 1/5: its strokes cover 60 % of an output pixel.
    const alpha = canvas(100, 100, [[0, 0, 100, 3], [0, 0, 3, 100]]);
    const rgba = new Uint8ClampedArray(100 * 100 * 4);
    alpha.forEach((a, i) => (rgba[i * 4 + 3] = a));
    const fromRgba = digitInput({ pixels: rgba, width: 100, height: 100, stride: 4, offset: 3 });
    const fromAlpha = digitInput({ pixels: alpha, width: 100, height: 100 });
    expect(fromRgba?.image).toEqual(fromAlpha?.image);
    const values = new Set(Array.from(fromAlpha?.image ?? []).map((v) => Math.round(v * 100)));
    expect(values).toContain(60); // fractional coverage survives
  });

  it('moves an off-centre shape so its centre of mass (not its box) is at the centre', () => {
    // An L: its mass sits left of and below its box centre.
    const d = digitInput({ pixels: canvas(200, 200, [[20, 20, 60, 180], [20, 140, 180, 180]]), width: 200, height: 200 });
    if (!d) throw new Error('no digit');
    const b = bbox(d.image);
    expect(Math.abs(b.cx - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(b.cy - 14)).toBeLessThanOrEqual(0.5);
    expect(b.w).toBe(20);
    expect(b.x0).toBeGreaterThan(5); // centring the box instead would put its left edge at 4
    expect(b.y0).toBeLessThan(3);
  });

  it('scales a tiny drawing up to the 20-pixel box', () => {
    const d = digitInput({ pixels: canvas(280, 280, [[100, 100, 105, 110]]), width: 280, height: 280 });
    if (!d) throw new Error('no digit');
    expect(bbox(d.image).h).toBe(20);
    expect(bbox(d.image).w).toBe(10);
  });
});
