// Seeded pseudo-random numbers (mulberry32) so that shuffles, subsets and
// initialisation are reproducible from the `seed` URL parameter.

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent integer seed for a named purpose (e.g. a layer or an epoch). */
export function deriveSeed(seed: number, salt: number): number {
  const rng = mulberry32((seed ^ Math.imul(salt + 1, 0x9e3779b1)) >>> 0);
  rng();
  return Math.floor(rng() * 2 ** 31);
}

/** In-place Fisher–Yates shuffle of `order` driven by `rng`. */
export function shuffleInPlace(order: Uint32Array, rng: Rng): Uint32Array {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
