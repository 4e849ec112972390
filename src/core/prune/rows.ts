// Row-level pruning helpers (e.g. whole vocabulary rows of an embedding): row norms as
// scores, and a row mask expanded to a per-weight mask of a row-major kernel.

/** L2 norm of each of `rows` equal, contiguous rows of a row-major kernel. */
export function rowNorms(kernel: Float32Array, rows: number): Float32Array {
  const cols = kernel.length / rows;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = r * cols; c < (r + 1) * cols; c++) sum += kernel[c] * kernel[c];
    out[r] = Math.sqrt(sum);
  }
  return out;
}

/** Expands a per-row mask to a per-weight mask of a row-major kernel. */
export function expandRows(rowMask: Uint8Array, size: number): Uint8Array {
  const cols = size / rowMask.length;
  const out = new Uint8Array(size);
  for (let r = 0; r < rowMask.length; r++) out.fill(rowMask[r], r * cols, (r + 1) * cols);
  return out;
}
