// Weight sharing by one-dimensional k-means over a layer's surviving weights, as in Deep
// Compression: centroids start spaced linearly between the smallest and largest weight
// (the initialisation Han et al. found best, since it keeps the rare large weights that
// matter most), then Lloyd iterations assign each weight to its nearest centroid and move
// each centroid to the mean of its weights. Plain arrays; deterministic.

export interface Clustering {
  /** k centroid values, in increasing order of their initial position. */
  readonly centroids: Float32Array;
  /** Per input value, the index of its centroid. */
  readonly assignment: Uint16Array;
  readonly iterations: number;
}

/** k values spaced evenly from min to max of `values` (both ends included). */
export function linearCentroids(values: ArrayLike<number>, k: number): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const c = new Float64Array(k);
  if (values.length === 0) return c;
  for (let j = 0; j < k; j++) c[j] = k === 1 ? (min + max) / 2 : min + ((max - min) * j) / (k - 1);
  return c;
}

/** Index of the centroid nearest to v (ties to the lower index); `order` sorts the centroids. */
function nearest(v: number, sorted: Float64Array, order: Int32Array): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  // sorted[lo] is the first centroid ≥ v (or the last); compare with its left neighbour.
  if (lo > 0 && v - sorted[lo - 1] <= sorted[lo] - v) lo--;
  return order[lo];
}

/**
 * k-means of `values` into k clusters, linear initialisation, at most `maxIterations`
 * Lloyd steps (stops when no assignment changes). An empty cluster keeps its centroid.
 */
export function kmeans1d(values: ArrayLike<number>, k: number, maxIterations = 30): Clustering {
  if (!(k >= 1 && k <= 65536)) throw new RangeError(`k must be 1…65536, got ${k}`);
  const n = values.length;
  const c = linearCentroids(values, k);
  const assignment = new Uint16Array(n);
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  let iterations = 0;
  for (let it = 0; it < maxIterations; it++) {
    const order = Int32Array.from({ length: k }, (_, j) => j).sort((a, b) => c[a] - c[b] || a - b);
    const sorted = Float64Array.from(order, (j) => c[j]);
    let changed = 0;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const j = nearest(values[i], sorted, order);
      if (j !== assignment[i] || it === 0) changed++;
      assignment[i] = j;
      sums[j] += values[i];
      counts[j]++;
    }
    iterations = it + 1;
    for (let j = 0; j < k; j++) if (counts[j] > 0) c[j] = sums[j] / counts[j];
    if (changed === 0) break;
  }
  return { centroids: Float32Array.from(c), assignment, iterations };
}
